"""`kubectl create secret generic|docker-registry|tls`.

Follows `staging/src/k8s.io/kubectl/pkg/cmd/create/create_secret.go`, create_secret_docker.go and
create_secret_tls.go (the flags, the objects through generators.py, and the server's error
wrapped as `failed to create secret <message>`, without a colon, as upstream writes it).
"""

from __future__ import annotations

from .. import generators as gen
from ..flags import BOOL, STRING, STRING_ARRAY, STRING_SLICE
from ..generators import GeneratorError
from ..registry import command
from .create import _common, _prepare, generator_error, submit

WRAP = "failed to create secret "


@command("create secret", short="Create a secret using a specified subcommand")
def create_secret(session, args: list[str]) -> int:
    session.err.write("Create a secret with specified type.\n\nAvailable Commands:\n"
                      "  docker-registry\n  generic\n  tls\n")
    return 1


def generic_flags(fs) -> None:
    _common(fs)
    fs.add("from-file", STRING_SLICE)
    fs.add("from-literal", STRING_ARRAY)
    fs.add("from-env-file", STRING_SLICE)
    fs.add("type", STRING)
    fs.add("append-hash", BOOL)


@command("create secret generic", flags=generic_flags, short="Create a secret from a local file, directory, "
         "or literal value")
def create_secret_generic(session, args: list[str]) -> int:
    name, ns = _prepare(session, args)
    f = session.flags
    try:
        obj = gen.secret_generic(name, literals=f["from-literal"], files=f["from-file"],
                                 env_files=f["from-env-file"], secret_type=f["type"], ns=ns, env=session.env)
    except GeneratorError as e:
        raise generator_error(e) from None
    return submit(session, obj, "secrets", wrap=WRAP)


def docker_flags(fs) -> None:
    _common(fs)
    fs.add("docker-username", STRING)
    fs.add("docker-password", STRING)
    fs.add("docker-email", STRING)
    fs.add("docker-server", STRING, default="https://index.docker.io/v1/")
    fs.add("from-file", STRING_SLICE)
    fs.add("append-hash", BOOL)


@command("create secret docker-registry", flags=docker_flags, short="Create a secret for use with a Docker registry")
def create_secret_docker(session, args: list[str]) -> int:
    name, ns = _prepare(session, args)
    f = session.flags
    try:
        obj = gen.secret_docker_registry(name, username=f["docker-username"], password=f["docker-password"],
                                         email=f["docker-email"], server=f["docker-server"], files=f["from-file"],
                                         ns=ns)
    except GeneratorError as e:
        raise generator_error(e) from None
    return submit(session, obj, "secrets", wrap=WRAP)


def tls_flags(fs) -> None:
    _common(fs)
    fs.add("cert", STRING)
    fs.add("key", STRING)
    fs.add("append-hash", BOOL)


@command("create secret tls", flags=tls_flags, short="Create a TLS secret")
def create_secret_tls(session, args: list[str]) -> int:
    name, ns = _prepare(session, args)
    f = session.flags
    try:
        obj = gen.secret_tls(name, cert=f["cert"], key=f["key"], ns=ns)
    except GeneratorError as e:
        raise generator_error(e) from None
    return submit(session, obj, "secrets", wrap=WRAP)
