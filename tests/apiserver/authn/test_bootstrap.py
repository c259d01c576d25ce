"""Bootstrap tokens: `<id>.<secret>` against the bootstrap-token-<id> Secret in kube-system."""

from k8slab.kubeadm.tokens import token_secret

from .helpers import bearer, cluster, whoami

TOKEN = "abcdef.0123456789abcdef"


def c_now() -> float:
    return 1_700_000_000.0          # the virtual clock's epoch


def _cluster_with(secret: dict):
    c = cluster()
    c.client.create(secret, "kube-system")
    return c


def test_a_valid_token_is_system_bootstrap_id_in_the_bootstrappers_groups():
    c = _cluster_with(token_secret(TOKEN, c_now(), 3600))
    status, user = whoami(c, **bearer(TOKEN))
    assert (status, user) == (201, {"username": "system:bootstrap:abcdef",
                                    "groups": ["system:bootstrappers",
                                               "system:bootstrappers:kubeadm:default-node-token",
                                               "system:authenticated"]})


def test_wrong_secret_expired_or_not_for_authentication_is_401():
    c = _cluster_with(token_secret(TOKEN, c_now(), 3600))
    assert whoami(c, **bearer("abcdef.0123456789abcdee"))[0] == 401
    assert c.api.authenticator.last_error == "invalid bearer token"
    c.clock.advance(3601)
    assert whoami(c, **bearer(TOKEN))[0] == 401
    signing_only = token_secret("ghijkl.0123456789abcdef", c_now() + 3601, 3600, usages=("signing",))
    c.client.create(signing_only, "kube-system")
    assert whoami(c, **bearer("ghijkl.0123456789abcdef"))[0] == 401


def test_extra_groups_must_be_bootstrappers_subgroups():
    bad = token_secret(TOKEN, c_now(), 0, groups=("system:masters",))
    c = _cluster_with(bad)
    assert whoami(c, **bearer(TOKEN))[0] == 401
    c.client.delete("v1", "Secret", "bootstrap-token-abcdef", "kube-system")
    c.client.create(token_secret(TOKEN, c_now(), 0, groups=()), "kube-system")
    assert whoami(c, **bearer(TOKEN))[1]["groups"] == ["system:bootstrappers", "system:authenticated"]


def test_a_token_of_another_form_is_not_a_bootstrap_token():
    c = _cluster_with(token_secret(TOKEN, c_now(), 0))
    assert whoami(c, **bearer("ABCDEF.0123456789abcdef"))[0] == 401
