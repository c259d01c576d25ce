"""The simulated registry: which images exist, how big they are, and what their programs do.

Image references are parsed as `github.com/distribution/reference` does (ParseNormalizedNamed via
`pkg/util/parsers/parsers.go`): `redis` is `docker.io/library/redis:latest`; an upper-case
repository is `invalid reference format: repository name (library/Redis) must be lowercase`.
Digests and image IDs are fake but stable: sha256 of the name, so every run shows the same
`docker.io/library/redis@sha256:...`.

Each catalog entry says what the image's own program does when a container runs it:
`run` (a server: logs its start-up lines and keeps running), `exit:N`, `sleep:N` (runs N seconds,
exits 0), `crash-after:N` (runs N seconds, exits 1), or `shell` (busybox, alpine: no program of
their own, the container's command is run by the simulated shell). Servers list the ports they
listen on and the HTTP paths they answer, for probes. Instructors add images with YAML:

    images:
    - name: example.com/shop/api        # repository; tags default to [latest]
      tags: ["1.0", "latest"]
      size: 48213722                    # bytes
      behaviour: run                    # run | exit:N | sleep:N | crash-after:N | shell
      logs: ["listening on :8080"]
      ports: [8080]

Differences from upstream: there is no registry protocol; manifests, layers and platforms are
not modelled (an image is one blob of `size` bytes).
"""

from __future__ import annotations

import fnmatch
import functools
import hashlib
import re
from dataclasses import dataclass, field

DEFAULT_DOMAIN = "docker.io"
_COMPONENT = re.compile(r"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$")
_TAG = re.compile(r"^[\w][\w.-]{0,127}$")
_DIGEST = re.compile(r"^sha256:[0-9a-f]{64}$")
_DOMAIN = re.compile(r"^[A-Za-z0-9.-]+(:[0-9]+)?$")


@dataclass(frozen=True)
class Reference:
    """A parsed image reference: domain, path, tag and/or digest."""

    domain: str
    path: str
    tag: str = ""
    digest: str = ""

    @property
    def repository(self) -> str:
        return f"{self.domain}/{self.path}"

    def __str__(self):
        out = self.repository + (f":{self.tag}" if self.tag else "")
        return out + (f"@{self.digest}" if self.digest else "")


class ReferenceError(ValueError):
    pass


def parse_reference(image: str) -> Reference:
    """ParseNormalizedNamed: raises ReferenceError with distribution's message."""
    if not image:
        raise ReferenceError("invalid reference format")
    name, _, digest = image.partition("@")
    if digest and not _DIGEST.match(digest):
        raise ReferenceError("invalid reference format")
    tag = ""
    slash = name.rfind("/")
    colon = name.rfind(":")
    if colon > slash:
        name, tag = name[:colon], name[colon + 1:]
        if not _TAG.match(tag):
            raise ReferenceError("invalid reference format")
    first, sep, rest = name.partition("/")
    if sep and ("." in first or ":" in first or first == "localhost" or first.lower() != first):
        domain, path = first, rest
        if not _DOMAIN.match(domain):
            raise ReferenceError("invalid reference format")
    else:
        domain, path = DEFAULT_DOMAIN, name
    if domain == "index.docker.io":
        domain = DEFAULT_DOMAIN
    if domain == DEFAULT_DOMAIN and "/" not in path:
        path = "library/" + path
    if path.lower() != path:
        raise ReferenceError(f"invalid reference format: repository name ({path}) must be lowercase")
    if not all(_COMPONENT.match(c) for c in path.split("/")):
        raise ReferenceError("invalid reference format")
    return Reference(domain, path, tag, digest)


def with_default_tag(image: str) -> str:
    """applyDefaultImageTag: `busybox` -> `busybox:latest`, names left short as written."""
    ref = parse_reference(image)
    return image if ref.tag or ref.digest else image + ":latest"


def fake_digest(*parts: str) -> str:
    return "sha256:" + hashlib.sha256(":".join(("k8slab",) + parts).encode()).hexdigest()


@dataclass
class CatalogImage:
    """One repository of the simulated registry and the program its images run."""

    name: str                                         # as written, e.g. "redis", "registry.k8s.io/pause"
    tags: list = field(default_factory=lambda: ["latest"])   # fnmatch patterns
    size: int = 10_000_000                            # bytes
    tag_sizes: dict = field(default_factory=dict)     # tag pattern -> size, first match wins
    behaviour: str = "run"                            # run | exit:N | sleep:N | crash-after:N | shell
    programs: list = field(default_factory=list)      # argv[0] names that run the image's own program
    cmd: list = field(default_factory=list)           # the image's CMD when the pod gives none
    logs: list = field(default_factory=list)          # lines printed when the program starts
    stop_logs: list = field(default_factory=list)     # lines printed on SIGTERM
    stop_seconds: float | None = None                 # exits this long after SIGTERM; None: ignores it
    ports: list = field(default_factory=list)         # TCP ports the program listens on
    http: dict = field(default_factory=dict)          # path -> status code; "*" for any other path
    env: dict = field(default_factory=dict)           # the image's ENV
    workdir: str = "/"
    files: dict = field(default_factory=dict)         # path -> content
    userland: str = "busybox"                         # busybox | coreutils (error message wording)
    commands: list = field(default_factory=list)      # extra tools on the PATH (redis-cli, nginx)
    version: str = ""                                 # {version} in log lines

    @functools.cached_property
    def reference(self) -> Reference:
        return parse_reference(self.name)

    def has_tag(self, tag: str) -> bool:
        return any(fnmatch.fnmatchcase(tag, pattern) for pattern in self.tags)

    def size_of(self, tag: str) -> int:
        for pattern, size in self.tag_sizes.items():
            if fnmatch.fnmatchcase(tag, pattern):
                return size
        return self.size

    def digest_of(self, tag: str) -> str:
        return fake_digest(self.reference.repository, tag)


PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
_ALPINE = 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.21.2\nPRETTY_NAME="Alpine Linux v3.21"\n'
_DEBIAN = ('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\n'
           'VERSION="12 (bookworm)"\nID=debian\n')
_REDIS_START = [
    "1:C {redis_time} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo",
    "1:C {redis_time} * Redis version={version}, bits=64, commit=00000000, modified=0, pid=1, just started",
    "1:C {redis_time} # Warning: no config file specified, using the default config. In order to specify "
    "a config file use redis-server /path/to/redis.conf",
    "1:M {redis_time} * monotonic clock: POSIX clock_gettime",
    "1:M {redis_time} * Running mode=standalone, port=6379.",
    "1:M {redis_time} * Server initialized",
    "1:M {redis_time} * Ready to accept connections tcp",
]
_REDIS5_START = [
    "1:C {redis_time} # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo",
    "1:C {redis_time} # Redis version={version}, bits=64, commit=00000000, modified=0, pid=1, just started",
    _REDIS_START[2],
    "1:M {redis_time} * Running mode=standalone, port=6379.",
    "1:M {redis_time} # Server initialized",
    "1:M {redis_time} * Ready to accept connections",
]
_REDIS_STOP = [
    "1:signal-handler ({unix}) Received SIGTERM scheduling shutdown...",
    "1:M {redis_time} * User requested shutdown...",
    "1:M {redis_time} * Saving the final RDB snapshot before exiting.",
    "1:M {redis_time} * DB saved on disk",
    "1:M {redis_time} # Redis is now ready to exit, bye bye...",
]
_NGINX_START = [
    "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
    "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
    "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf",
    "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf",
    "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
    "/docker-entrypoint.sh: Configuration complete; ready for start up",
    '{nginx_time} [notice] 1#1: using the "epoll" event method',
    "{nginx_time} [notice] 1#1: nginx/{version}",
    "{nginx_time} [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14) ",
    "{nginx_time} [notice] 1#1: OS: Linux 5.15.0-126-generic",
    "{nginx_time} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576",
    "{nginx_time} [notice] 1#1: start worker processes",
    "{nginx_time} [notice] 1#1: start worker process 29",
    "{nginx_time} [notice] 1#1: start worker process 30",
]
_NGINX_INDEX = """<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
"""
_NGINX_STOP = [
    "{nginx_time} [notice] 1#1: signal 15 (SIGTERM) received, exiting",
    "{nginx_time} [notice] 29#29: exiting",
    "{nginx_time} [notice] 29#29: exit",
    "{nginx_time} [notice] 1#1: worker process 29 exited with code 0",
    "{nginx_time} [notice] 1#1: exit",
]


def builtin_images() -> list[CatalogImage]:
    redis = dict(programs=["redis-server", "docker-entrypoint.sh"], cmd=["redis-server"], ports=[6379],
                 stop_seconds=0.1, commands=["redis-cli", "redis-server"], workdir="/data",
                 stop_logs=_REDIS_STOP)
    return [
        CatalogImage("redis", tags=["5", "5.0", "5.0.*", "5-alpine", "5.0-alpine", "5.0.*-alpine"],
                     size=35_981_200, tag_sizes={"*alpine*": 10_323_722}, logs=_REDIS5_START,
                     version="5.0.14", env={"PATH": PATH, "REDIS_VERSION": "5.0.14"},
                     files={"/etc/os-release": _DEBIAN}, userland="coreutils", **redis),
        CatalogImage("redis", tags=["latest", "alpine", "alpine3.*", "bookworm", "[678]", "[678].*",
                                    "[678]-alpine", "[678].*-alpine", "[678]-bookworm"],
                     size=45_043_226, tag_sizes={"*alpine*": 17_237_642}, logs=_REDIS_START,
                     version="7.4.2", env={"PATH": PATH, "REDIS_VERSION": "7.4.2"},
                     files={"/etc/os-release": _ALPINE}, **redis),
        CatalogImage("nginx", tags=["latest", "stable", "mainline", "alpine", "1", "1.*", "1.*-alpine"],
                     size=72_195_292, tag_sizes={"*alpine*": 20_952_512},
                     programs=["nginx", "/docker-entrypoint.sh"], cmd=["nginx", "-g", "daemon off;"],
                     logs=_NGINX_START, stop_logs=_NGINX_STOP, stop_seconds=0.1, ports=[80],
                     http={"/": 200, "/index.html": 200, "*": 404}, version="1.27.3",
                     env={"PATH": PATH, "NGINX_VERSION": "1.27.3"}, userland="coreutils",
                     files={"/etc/os-release": _DEBIAN, "/usr/share/nginx/html/index.html": _NGINX_INDEX},
                     commands=["nginx"]),
        CatalogImage("busybox", tags=["latest", "1", "1.*", "stable", "musl", "glibc", "uclibc"],
                     size=2_166_802, behaviour="shell", cmd=["sh"], env={"PATH": PATH}),
        CatalogImage("alpine", tags=["latest", "3", "3.*", "edge"], size=3_653_068, behaviour="shell",
                     cmd=["/bin/sh"], env={"PATH": PATH}, files={"/etc/os-release": _ALPINE}),
        CatalogImage("registry.k8s.io/pause", tags=["3.*"], size=320_368, programs=["/pause"],
                     cmd=["/pause"], stop_seconds=0.0),
        CatalogImage("k8s.gcr.io/pause", tags=["3.*"], size=742_472, programs=["/pause"],
                     cmd=["/pause"], stop_seconds=0.0),
        CatalogImage("taobeier/saythx-fe", size=6_973_434, programs=["nginx"], ports=[80],
                     logs=["{nginx_time} [notice] 1#1: start worker processes"], stop_seconds=0.1,
                     http={"*": 200}),
        CatalogImage("taobeier/saythx-be", size=8_531_372, programs=["/usr/bin/be"], ports=[8080],
                     logs=["[GIN-debug] Listening and serving HTTP on :8080"], stop_seconds=0.1,
                     http={"*": 200}),
        CatalogImage("taobeier/saythx-work", size=32_440_715, programs=["python"],
                     logs=["Worker started, waiting for new thanks..."], stop_seconds=0.1),
    ]


class ImageCatalog:
    """The images the simulated registry serves, looked up by repository and tag."""

    def __init__(self, images: list[CatalogImage] | None = None):
        self.images: list[CatalogImage] = list(images if images is not None else builtin_images())

    def add(self, image: CatalogImage) -> None:
        """Later entries win over earlier ones for the same repository and tag."""
        self.images.insert(0, image)

    def load_yaml(self, text_or_path: str) -> list[CatalogImage]:
        """Add the `images:` of a YAML document (text, or a path to a file)."""
        import os

        import yaml
        if "\n" not in text_or_path and os.path.exists(text_or_path):
            with open(text_or_path) as f:
                text_or_path = f.read()
        doc = yaml.safe_load(text_or_path) or {}
        added = []
        for item in doc.get("images") or []:
            item = dict(item)
            tags = [str(t) for t in item.pop("tags", ["latest"])]
            behaviour = str(item.pop("behaviour", item.pop("behavior", "run")))
            image = CatalogImage(name=item.pop("name"), tags=tags, behaviour=behaviour,
                                 size=int(item.pop("size", 10_000_000)),
                                 logs=[str(x) for x in item.pop("logs", [])],
                                 ports=[int(p) for p in item.pop("ports", [])],
                                 **{k: v for k, v in item.items() if k in CatalogImage.__dataclass_fields__})
            if image.behaviour == "shell" and not image.cmd:
                image.cmd = ["sh"]
            if image.behaviour != "shell" and not image.programs:
                image.programs = [image.reference.path.rsplit("/", 1)[-1]]
            self.add(image)
            added.append(image)
        return added

    def find(self, ref: Reference) -> tuple[CatalogImage, str] | None:
        """The entry serving `ref` and the tag it resolves to (digest references included)."""
        for image in self.images:
            if image.reference.repository != ref.repository:
                continue
            if ref.digest:
                for tag in ([ref.tag] if ref.tag else []) + _concrete_tags(image):
                    if image.digest_of(tag) == ref.digest:
                        return image, tag
                continue
            tag = ref.tag or "latest"
            if image.has_tag(tag):
                return image, tag
        return None

    def __repr__(self):
        return f"ImageCatalog({len(self.images)} repositories)"


def _concrete_tags(image: CatalogImage) -> list[str]:
    return [t for t in image.tags if not any(ch in t for ch in "*?[")]
