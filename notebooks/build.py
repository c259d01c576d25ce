"""Build the chapter notebooks from their sources in notebooks/src/ and run them to store outputs.

    .venv/bin/python notebooks/build.py                      # every source
    .venv/bin/python notebooks/build.py 15-kube-scheduler    # one

A source is a Python file in jupytext's percent format: `# %%` starts a code cell,
`# %% [markdown]` a markdown cell (its lines start with `# `), and `# %% tags=["raises-exception"]`
gives a cell tags. The notebook is executed with nbclient in notebooks/ (as JupyterLab and nbval
run it), so the stored outputs are what `pytest --nbval` compares against; the widget state is
stored too, for JupyterLab to show the widgets before the notebook is run again.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent
HEADER = re.compile(r"^# %%(?: \[(markdown)\])?(?: tags=(\[.*\]))?\s*$")


def parse(text: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
                   "language_info": {"name": "python"}}
    kind, tags, lines = None, [], []

    def flush():
        if kind is None:
            return
        body = "\n".join(lines).strip("\n")
        if kind == "markdown":
            body = "\n".join(re.sub(r"^# ?", "", l) for l in body.splitlines())
            cell = nbformat.v4.new_markdown_cell(body)
        else:
            cell = nbformat.v4.new_code_cell(body)
        if tags:
            cell.metadata["tags"] = tags
        nb.cells.append(cell)

    for line in text.splitlines():
        m = HEADER.match(line)
        if m:
            flush()
            kind = m.group(1) or "code"
            tags = json.loads(m.group(2)) if m.group(2) else []
            lines = []
        elif kind is not None:
            lines.append(line)
    flush()
    for i, cell in enumerate(nb.cells):                  # stable ids: no diff noise between builds
        cell["id"] = f"cell-{i}"
    return nb


def build(name: str) -> Path:
    src = HERE / "src" / f"{name}.py"
    nb = parse(src.read_text())
    NotebookClient(nb, timeout=300, kernel_name="python3", record_timing=False,
                   resources={"metadata": {"path": str(HERE)}}).execute()
    out = HERE / f"{name}.ipynb"
    nbformat.write(nb, out)
    return out


def main(argv=None) -> int:
    names = (sys.argv[1:] if argv is None else argv) or sorted(p.stem for p in (HERE / "src").glob("*.py"))
    for name in names:
        print(f"built {build(name).relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
