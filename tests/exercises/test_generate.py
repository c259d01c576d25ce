"""exercises/ and solutions/ are exactly what the definitions generate (no drift)."""

from k8slab.exercises import EXERCISES
from k8slab.exercises.generate import files, main, render


def test_files_on_disk_match_the_definitions(capsys):
    assert main(["--check"]) == 0, capsys.readouterr().err


def test_starter_and_solution_differ_only_in_the_answer():
    for ex in EXERCISES.values():
        starter, solution = render(ex, False), render(ex, True)
        assert "# BEGIN SOLUTION" not in starter + solution
        assert f'raise NotImplementedError("exercise {ex.id}: your code here")' in starter
        assert "NotImplementedError" not in solution
        assert f"def {ex.function}(" in starter and f"def {ex.function}(" in solution
    assert len(files()) == 2 * len(EXERCISES)
