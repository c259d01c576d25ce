"""exercise 05-A: sign cluster-info with a bootstrap token

Write sign_cluster_info(kubeconfig, token): the detached JWS that the bootstrap signer
(pkg/controller/bootstrap, cluster-bootstrap/token/jws) stores in kube-public/cluster-info
as jws-kubeconfig-<token id>, which a joining node recomputes to trust the ConfigMap.

Replace each `raise NotImplementedError` with your code, then run
`from k8slab.exercises import check; check("05-A")` in a notebook (or
`pytest tests/exercises -k 05-A` for the reference files).

Generated from k8slab/exercises/defs/ by `python -m k8slab.exercises.generate`; edit it there.
"""


def sign_cluster_info(kubeconfig: str, token: str) -> str:
    """The `jws-kubeconfig-<token id>` value the bootstrap signer writes into cluster-info.

    `token` is a bootstrap token, "<id>.<secret>". The value is a JSON Web Signature (RFC 7515) in
    compact form with the payload left out ("detached"): `<header>..<signature>`, where
      - header    = base64url of the JSON {"alg":"HS256","kid":"<id>"} (no spaces),
      - signature = base64url of HMAC-SHA256, keyed by the token's *secret* part, over the ASCII
                    text `<header>.<base64url of the kubeconfig's UTF-8 bytes>`,
    and base64url means the URL-safe alphabet (- and _) with the trailing '=' padding removed.
    """
    raise NotImplementedError("exercise 05-A: your code here")
