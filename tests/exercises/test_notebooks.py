"""The exercise notebooks: built from the same definition as the .py files, check cell last, stale
ones reported by `generate --check` without a kernel."""

import pytest

from k8slab.exercises import EXERCISES, generate, notebooks
from k8slab.exercises.registry import ROOT

IDS = sorted(EXERCISES)


@pytest.mark.parametrize("exercise_id", IDS)
def test_committed_notebooks_hold_the_generated_cells(exercise_id):
    ex = EXERCISES[exercise_id]
    for folder, solution, code in (("exercises", False, ex.starter()), ("solutions", True, ex.solution())):
        nb = notebooks.read(ROOT / folder / f"{exercise_id}.ipynb")
        assert nb is not None, f"{folder}/{exercise_id}.ipynb is missing: run python -m k8slab.exercises.generate"
        assert notebooks.skeleton(nb) == notebooks.skeleton(notebooks.build(ex, solution))
        kinds = [c.cell_type for c in nb.cells]
        assert kinds == ["markdown", "code", "code"]
        assert nb.cells[0].source.startswith(f"# {'Solution' if solution else 'Exercise'} {exercise_id}: {ex.title}")
        assert ex.task.strip() in nb.cells[0].source
        assert nb.cells[1].source == code.strip("\n")                 # the .py file's code, cell for cell
        assert nb.cells[2].source == f'from k8slab.exercises import check\ncheck("{exercise_id}", {ex.function})'
        assert nb.cells[1].execution_count == 1 and nb.cells[1].outputs == []
        stored = notebooks.stored_output(nb)
        assert stored.startswith(f"{exercise_id} passed: " if solution else f"{exercise_id} not yet: "), stored


def test_expected_output_is_computed_without_a_kernel():
    ex = EXERCISES["15-B"]
    assert notebooks.expected_output(ex, False) == \
        "15-B not yet: the starter is untouched (it raises NotImplementedError)"
    assert notebooks.expected_output(ex, True) == \
        "15-B passed: highest score wins, ties rotate with last_node_index, empty list refused"


def test_check_reports_missing_changed_and_unexecuted_notebooks(tmp_path, monkeypatch, capsys):
    ex = EXERCISES["15-B"]
    for folder in ("exercises", "solutions"):
        (tmp_path / folder).mkdir()
    for path, text in generate.files().items():
        if path.stem == ex.id:
            (tmp_path / path.parent.name / path.name).write_text(text)
    monkeypatch.setattr(generate, "ROOT", tmp_path)
    assert generate.main(["--check", "15-B"]) == 1
    assert capsys.readouterr().err.splitlines() == ["exercises/15-B.ipynb is missing", "solutions/15-B.ipynb is missing"]

    starter, solution = notebooks.build(ex, False), notebooks.build(ex, True)   # sources right, never executed
    notebooks.write(starter, tmp_path / "exercises" / "15-B.ipynb")
    solution.cells[1].source += "\n# edited by hand"
    notebooks.write(solution, tmp_path / "solutions" / "15-B.ipynb")
    assert generate.main(["--check", "15-B"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "exercises/15-B.ipynb has no stored check output (not executed)",
        "solutions/15-B.ipynb differs from its definition"]

    for folder in ("exercises", "solutions"):                                     # the committed ones
        notebooks.write(notebooks.read(ROOT / folder / "15-B.ipynb"), tmp_path / folder / "15-B.ipynb")
    assert generate.main(["--check", "15-B"]) == 0, capsys.readouterr().err


def test_unknown_id_is_refused(capsys):
    assert generate.main(["--check", "99-Z"]) == 2
    assert capsys.readouterr().err == "no such exercise: 99-Z\n"
