"""One notebook per exercise: exercises/NN-X.ipynb (the starter) and solutions/NN-X.ipynb (the answer).

Each has three cells, all generated from the exercise's definition in defs/chNN.py:

    markdown   the task
    code       the starter (answer replaced by `raise NotImplementedError`) or the solution
    code       `from k8slab.exercises import check; check("NN-X", <function>)`

The notebooks are executed with nbclient (as notebooks/build.py does), so the check cell's stored
output is what the check says: `NN-X not yet: ...` in a starter, `NN-X passed: ...` in a solution.
`pytest --nbval` compares the solutions' stored outputs strictly. What can go stale is judged
without a kernel: the cells' sources (`skeleton`), and, when writing, the check's answer computed in
this process (`expected_output`).

Needs nbformat and nbclient (the [lab] extra); `check` itself does not.

Differences from upstream: none; this is the lab's own machinery.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

from .registry import Exercise, check

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def check_source(ex: Exercise) -> str:
    return f'from k8slab.exercises import check\ncheck("{ex.id}", {ex.function})'


def intro(ex: Exercise, solution: bool) -> str:
    head = f"# {'Solution' if solution else 'Exercise'} {ex.id}: {ex.title}\n\n{ex.task.strip()}\n\n"
    if solution:
        how = (f"The reference answer for `exercises/{ex.id}.ipynb`. The check under it passes, and the test "
               "suite keeps it that way (`pytest --nbval solutions/`).")
    else:
        how = ("Replace each `raise NotImplementedError(...)` in the next cell with your code and run it, "
               f"then run the check under it: it says `{ex.id} not yet: ...` with what is missing until the "
               f"exercise is done, and `{ex.id} passed: ...` after. The answer is in `solutions/{ex.id}.ipynb`.")
    return head + how + ("\n\n*Generated from `k8slab/exercises/defs/` by `python -m k8slab.exercises.generate`; "
                         "edit it there.*")


def build(ex: Exercise, solution: bool) -> nbformat.NotebookNode:
    """The notebook, not executed yet."""
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}}
    code = (ex.solution() if solution else ex.starter()).strip("\n")
    nb.cells = [nbformat.v4.new_markdown_cell(intro(ex, solution)),
                nbformat.v4.new_code_cell(code),
                nbformat.v4.new_code_cell(check_source(ex))]
    for i, cell in enumerate(nb.cells):                   # stable ids: no diff noise between builds
        cell["id"] = f"cell-{i}"
    return nb


def skeleton(nb) -> list:
    """What the generator decides: cell ids, kinds, sources and tags (not outputs or counts)."""
    return [(c.get("id"), c["cell_type"], c["source"], c.get("metadata", {}).get("tags", [])) for c in nb["cells"]]


def stored_output(nb) -> str | None:
    """The text the check cell (the last cell) printed when the notebook was executed."""
    outputs = nb["cells"][-1].get("outputs", [])
    texts = [o["data"]["text/plain"] for o in outputs if o.get("output_type") == "execute_result"]
    return texts[0] if len(outputs) == 1 and len(texts) == 1 else None


def expected_output(ex: Exercise, solution: bool) -> str:
    """What the check cell prints, computed here without a kernel: the notebook's function is
    defined from the same code and checked the same way."""
    namespace: dict = {"__name__": f"k8slab_exercise_{ex.id.replace('-', '_')}"}
    exec(compile(ex.solution() if solution else ex.starter(), f"<{ex.id}>", "exec"), namespace)
    return str(check(ex.id, namespace[ex.function]))


def execute(nb: nbformat.NotebookNode, cwd: Path) -> nbformat.NotebookNode:
    NotebookClient(nb, timeout=300, kernel_name="python3", record_timing=False,
                   resources={"metadata": {"path": str(cwd)}}).execute()
    return nb


def read(path: Path):
    return nbformat.read(path, as_version=4) if path.exists() else None


def write(nb: nbformat.NotebookNode, path: Path) -> None:
    nbformat.write(nb, path)
