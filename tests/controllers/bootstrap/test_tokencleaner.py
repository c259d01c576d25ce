"""The token cleaner deletes bootstrap-token Secrets when they expire (and the signer then
drops their signatures)."""

from .test_bootstrapsigner import _cluster, _data
from k8slab.kubeadm import tokens


def test_expired_tokens_stop_signing_and_the_cleaner_deletes_them():
    c = _cluster()
    c.client.create(tokens.token_secret("abcdef.0123456789abcdef", c.clock.time(), 600), "kube-system")
    c.settle()
    assert "jws-kubeconfig-abcdef" in _data(c)
    c.advance(601)
    assert c.client.list("v1", "Secret", "kube-system", fieldSelector="type=bootstrap.kubernetes.io/token")["items"] == []
    assert list(_data(c)) == ["kubeconfig"]
