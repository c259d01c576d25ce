"""solution 08-B: a client certificate: CN is the user, O the groups

Write client_certificate(ca_cert, ca_key, user, groups, now): a key and a certificate signed by
the cluster CA that the API server reads as `user` in `groups`.

The reference answer; `check("08-B", "solutions/08-B.py")` passes on it.

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
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, user)]
                        + [x509.NameAttribute(NameOID.ORGANIZATION_NAME, g) for g in groups])
    end = datetime.datetime.fromtimestamp(now, datetime.timezone.utc) + datetime.timedelta(days=365)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(ca_cert.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(ca_cert.not_valid_before_utc).not_valid_after(end)
            .sign(ca_key, hashes.SHA256()))
    return (cert.public_bytes(serialization.Encoding.PEM),
            key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                              serialization.NoEncryption()))
