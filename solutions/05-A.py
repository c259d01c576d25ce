"""solution 05-A: sign cluster-info with a bootstrap token

Write sign_cluster_info(kubeconfig, token): the detached JWS that the bootstrap signer
(pkg/controller/bootstrap, cluster-bootstrap/token/jws) stores in kube-public/cluster-info
as jws-kubeconfig-<token id>, which a joining node recomputes to trust the ConfigMap.

The reference answer; `check("05-A", "solutions/05-A.py")` passes on it.

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
    import base64
    import hashlib
    import hmac
    import json

    def b64url(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).decode().rstrip("=")

    token_id, secret = token.split(".")
    header = b64url(json.dumps({"alg": "HS256", "kid": token_id}, separators=(",", ":")).encode())
    signing_input = f"{header}.{b64url(kubeconfig.encode())}"
    signature = hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest()
    return f"{header}..{b64url(signature)}"
