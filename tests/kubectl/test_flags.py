"""pflag's parsing rules as kubectl applies them, and cobra's command finding."""

import pytest

from k8slab.kubectl.cli import find_command
from k8slab.kubectl.flags import BOOL, STRING_ARRAY, FlagError, global_flags


def parse(argv, extra=()):
    fs = global_flags()
    fs.add("all-namespaces", BOOL, short="A")
    fs.add("watch", BOOL, short="w")
    fs.add("filename", STRING_ARRAY, short="f")
    return fs.parse(argv)


@pytest.mark.parametrize("argv", [["-n", "work"], ["-nwork"], ["-n=work"], ["--namespace", "work"],
                                  ["--namespace=work"]])
def test_value_forms(argv):
    values, args, changed = parse(argv + ["pods"])
    assert values["namespace"] == "work" and args == ["pods"] and "namespace" in changed


def test_bools_combined_and_explicit():
    values, args, _ = parse(["-Aw", "pods", "--all-namespaces=false"])
    assert values["watch"] is True and values["all-namespaces"] is False and args == ["pods"]


def test_levels_and_arrays():
    values, _, _ = parse(["-v6", "-f", "a.yaml", "-f=b.yaml", "--as-group", "g1", "--as-group=g2"])
    assert values["v"] == 6 and values["filename"] == ["a.yaml", "b.yaml"]
    assert values["as-group"] == ["g1", "g2"]


def test_double_dash_ends_flags():
    _, args, _ = parse(["pods", "--", "-n", "x"])
    assert args == ["pods", "-n", "x"]


@pytest.mark.parametrize("argv, message", [
    (["--bogus"], "unknown flag: --bogus"),
    (["-z"], "unknown shorthand flag: 'z' in -z"),
    (["-it"], "unknown shorthand flag: 'i' in -it"),
    (["-n"], "flag needs an argument: 'n' in -n"),
    (["--namespace"], "flag needs an argument: --namespace"),
    (["-v=x"], 'invalid argument "x" for "-v, --v" flag: strconv.ParseInt: parsing "x": invalid syntax'),
    (["-A=maybe"], 'invalid argument "maybe" for "-A, --all-namespaces" flag: strconv.ParseBool: '
                   'parsing "maybe": invalid syntax'),
])
def test_pflag_errors(argv, message):
    with pytest.raises(FlagError) as e:
        parse(argv)
    assert str(e.value) == message


def test_command_found_after_global_flags():
    path, rest, unknown = find_command(["-n", "work", "--kubeconfig", "k", "get", "pods", "-o", "wide"])
    assert (path, unknown) == ("get", "")
    assert rest == ["-n", "work", "--kubeconfig", "k", "pods", "-o", "wide"]
    assert find_command(["gte", "pods"])[2] == "gte"
