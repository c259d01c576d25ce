"""exercise 08-B: a client certificate: CN is the user, O the groups

Write client_certificate(ca_cert, ca_key, user, groups, now): a key and a certificate signed by
the cluster CA that the API server reads as `user` in `groups`.

Replace each `raise NotImplementedError` with your code, then run
`from k8slab.exercises import check; check("08-B")` in a notebook (or
`pytest tests/exercises -k 08-B` for the reference files).

Generated from k8slab/exercises/defs/ by `python -m k8slab.exercises.generate`; edit it there.
"""


def client_certificate(ca_cert, ca_key, user: str, groups: list, now: float):
    """A client certificate for `user` in `groups`, signed by the cluster CA, as `openssl req` and
    `openssl x509 -req -CA ca.crt -CAkey ca.key` make one: return (certificate PEM bytes, private
    key PEM bytes). `ca_cert` and `ca_key` are `cryptography` objects; `now` is the cluster's clock
    (seconds since 1970): the certificate must be valid from the CA's start date to a year after now.
    The API server reads the user from the subject's common name (CN) and one group from each
    organization (O). Use the `cryptography` library (x509.CertificateBuilder).
    """
    raise NotImplementedError("exercise 08-B: your code here")
