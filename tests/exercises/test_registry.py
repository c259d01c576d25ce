"""Every check fails on its starter and passes on its solution; check() reports without raising.

The notebooks' stored check outputs are compared with the same answers (nbval then proves that the
solution notebooks, run in a kernel, still print them).
"""

import pytest

from k8slab.exercises import EXERCISES, check, notebooks, verify
from k8slab.exercises.registry import ROOT

IDS = sorted(EXERCISES)


def test_two_exercises_per_written_chapter():
    chapters = {}
    for i in IDS:
        chapters.setdefault(i.split("-")[0], []).append(i)
    assert chapters and all(len(v) >= 2 for v in chapters.values()), chapters
    written = {p.name[:2] for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")} - {"00"}
    assert written <= set(chapters), f"chapters without exercises: {sorted(written - set(chapters))}"


@pytest.mark.parametrize("exercise_id", IDS)
def test_check_fails_on_the_starter(exercise_id):
    with pytest.raises(NotImplementedError, match=f"exercise {exercise_id}: your code here"):
        verify(exercise_id, ROOT / "exercises" / f"{exercise_id}.py")
    result = check(exercise_id)                  # default target: exercises/<id>.py
    assert not result and str(result) == \
        f"{exercise_id} not yet: the starter is untouched (it raises NotImplementedError)"
    assert notebooks.stored_output(notebooks.read(ROOT / "exercises" / f"{exercise_id}.ipynb")) == str(result)


@pytest.mark.parametrize("exercise_id", IDS)
def test_check_passes_on_the_solution(exercise_id):
    message = verify(exercise_id, ROOT / "solutions" / f"{exercise_id}.py")
    assert message
    result = check(exercise_id, ROOT / "solutions" / f"{exercise_id}.py")
    assert result and str(result) == f"{exercise_id} passed: {message}"
    assert notebooks.stored_output(notebooks.read(ROOT / "solutions" / f"{exercise_id}.ipynb")) == str(result)


def test_wrong_answers_are_explained():
    def select_host(scores, last_node_index):         # forgets the round robin
        best = max(s for _, s in scores)
        return next(n for n, s in scores if s == best), last_node_index + 1
    r = check("15-B", select_host)
    assert not r and "ties should be taken in turn (round robin)" in r.message

    def replicas_to_act(desired, pods):                # raises: the learner's error is reported
        return pods[10]
    r = check("14-B", replicas_to_act)
    assert not r and r.message.startswith("IndexError: list index out of range (line ") and "line " in r.message


def test_unknown_exercise():
    r = check("99-Z")
    assert not r and r.message.startswith("no such exercise; known: ") and "12-A, 12-B, 13-A" in r.message


def test_wrong_answers_of_chapters_12_and_16_are_explained():
    def allocatable_after_eviction(capacity, threshold):      # 10% as an exact decimal
        if threshold.endswith("%"):
            return capacity - int(capacity * float(threshold[:-1]) / 100)
        return capacity - int(threshold[:-2]) * 2 ** 20
    r = check("16-A", allocatable_after_eviction)
    assert not r and r.message == "that is 10% taken as an exact decimal; the kubelet holds 0.1 as a float32"

    def rule_allows(rule, verb, group, resource, subresource="", name=""):    # ignores subresources
        return ((verb in rule["verbs"] or "*" in rule["verbs"]) and
                (group in rule["apiGroups"] or "*" in rule["apiGroups"]) and
                (resource in rule["resources"] or "*" in rule["resources"]))
    r = check("12-B", rule_allows)
    assert not r and r.message.startswith("pods does not cover the subresource pods/log")
