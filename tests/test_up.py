"""`k8slab up`'s flags (k8slab/up.py parse_args)."""

import pytest

from k8slab.up import parse_args


@pytest.mark.parametrize("argv, on", [([], True), (["--component-identities"], True),
                                      (["--component-identities=false"], False),
                                      (["--component-identities", "false"], False),
                                      (["--component-identities=true"], True)])
def test_component_identities_on_by_default_and_turned_off_as_a_go_bool(argv, on):
    assert parse_args(argv).component_identities is on


def test_component_identities_refuses_what_is_not_a_bool(capsys):
    with pytest.raises(SystemExit):
        parse_args(["--component-identities=maybe"])
    assert 'strconv.ParseBool: parsing "maybe": invalid syntax' in capsys.readouterr().err
