"""kubeconfig files: where they are looked for, how several merge, how changes are written back.

Follows client-go's `tools/clientcmd/loader.go` (ClientConfigLoadingRules: `--kubeconfig` alone
if given and it must exist; otherwise every file of `KUBECONFIG` (`:`-separated, missing files
skipped) merged so that the first file to define a name or `current-context` wins; otherwise
`$HOME/.kube/config`; ResolvePaths: relative file references are relative to their file;
ModifyConfig: each file gets back its own entries) and `api/v1/types.go` (the file format: named
lists of clusters, users and contexts). What a command connects with is clientconfig.py.

A config is kept as it merges (dicts by name, in `Kubeconfig`); `to_v1()` gives the file form
with lists sorted by name, which is what `kubectl config view` prints and what is written back.

Differences from upstream: exec and auth-provider plugins are kept in the file but not run;
in-cluster configuration (service account files) is not tried.
"""

from __future__ import annotations

import base64
import os
DEFAULT_SERVER = "http://localhost:8080"
SECTIONS = (("clusters", "cluster"), ("users", "user"), ("contexts", "context"))
REQUIRED = {"cluster": {"server": ""}, "context": {"cluster": "", "user": ""}}   # no omitempty in v1


class ConfigError(Exception):
    """A kubeconfig problem; `text` is printed as is (with its `error: ` or `Error in ...`)."""

    def __init__(self, text: str):
        super().__init__(text)
        self.text = text


class Kubeconfig:
    """One merged view of the kubeconfig files, plus where each named entry came from."""

    def __init__(self, files: list[str] | None = None, explicit: bool = False):
        self.clusters: dict[str, dict] = {}
        self.users: dict[str, dict] = {}
        self.contexts: dict[str, dict] = {}
        self.current_context = ""
        self.preferences: dict = {}
        self.extensions: list | None = None
        self.files: list[str] = files or []                        # in precedence order
        self.origin: dict[tuple[str, str], str] = {}               # (section, name) -> file
        self.current_context_file = ""
        self.explicit = explicit                                   # --kubeconfig was given
        self.removed: set = set()                                  # (section, name) deleted

    def to_v1(self) -> dict:
        """The v1 `Config` as client-go serializes it: lists sorted by name, `null` if empty,
        and the fields without omitempty always there (cluster.server, context.cluster/user)."""
        out: dict = {"kind": "Config", "apiVersion": "v1", "preferences": dict(self.preferences)}
        for section, item in SECTIONS:
            entries = getattr(self, section)
            out[section] = [{"name": n, item: {**REQUIRED.get(item, {}), **entries[n]}}
                            for n in sorted(entries)] or None
        out["current-context"] = self.current_context
        if self.extensions:
            out["extensions"] = self.extensions
        return out

    def write_target(self, section: str = "", name: str = "") -> str:
        """The file a change to (section, name) goes to (client-go's ModifyConfig): the file the
        entry came from, else the first file of the precedence list."""
        if section and (section, name) in self.origin:
            return self.origin[(section, name)]
        if section == "current-context" and self.current_context_file:
            return self.current_context_file
        return self.files[0] if self.files else ""


def default_path(env: dict) -> str:
    home = env.get("HOME") or os.path.expanduser("~")
    return os.path.join(home, ".kube", "config")


def precedence(explicit: str, env: dict) -> list[str]:
    """The files kubectl reads, in order (the `--kubeconfig` file alone when given)."""
    if explicit:
        return [explicit]
    value = env.get("KUBECONFIG", "")
    if value:
        seen, out = set(), []
        for p in value.split(os.pathsep):
            if p and p not in seen:
                seen.add(p)
                out.append(p)
        return out
    return [default_path(env)]


def load(explicit: str = "", env: dict | None = None, log=None, cache_dir: str = "") -> Kubeconfig:
    """Load and merge as client-go's ClientConfigLoadingRules.Load does."""
    env = os.environ if env is None else env
    cfg = Kubeconfig(files=precedence(explicit, env), explicit=bool(explicit))
    if explicit and not os.path.exists(explicit):
        raise ConfigError(f"error: stat {explicit}: no such file or directory")
    for path in cfg.files:
        try:
            doc = read(path, cache_dir)
        except FileNotFoundError:
            continue
        except OSError as e:
            raise ConfigError(f"error: {e.strerror.lower()}: {path}") from None
        if log is not None:
            log(6, "loader.go:402", f"Config loaded from file:  {path}")
        merge_file(cfg, path, doc)
    return cfg


def read(path: str, cache_dir: str = "") -> dict:
    """One kubeconfig file, parsed. With a cache directory (kubectl's --cache-dir) the parsed
    form is kept there as JSON with the SHA-1 of the file's bytes, and used while they are the
    same: reading YAML costs a cold kubectl process ~50 ms (importing PyYAML compiles its
    regular expressions), reading the JSON ~1 ms."""
    with open(path, "rb") as f:
        data = f.read()
    if not cache_dir:
        return parse(data, path)
    import hashlib
    import orjson
    digest = hashlib.sha1(data).hexdigest()
    name = hashlib.sha1(os.path.abspath(path).encode()).hexdigest()[:16]
    cached = os.path.join(cache_dir, "k8slab", "kubeconfig", name + ".json")
    try:
        with open(cached, "rb") as f:
            entry = orjson.loads(f.read())
        if entry.get("sha1") == digest:
            return entry["doc"]
    except (OSError, ValueError):
        pass
    doc = parse(data, path)
    try:
        os.makedirs(os.path.dirname(cached), exist_ok=True)
        tmp = f"{cached}.{os.getpid()}"
        with open(tmp, "wb") as f:
            f.write(orjson.dumps({"path": os.path.abspath(path), "sha1": digest, "doc": doc}))
        os.replace(tmp, cached)
    except (OSError, TypeError):           # a read-only home, or YAML that JSON cannot hold
        pass
    return doc


def cache_dir(flags: dict, env: dict) -> str:
    """kubectl's --cache-dir (default $HOME/.kube/cache)."""
    if flags.get("cache-dir"):
        return flags["cache-dir"]
    home = env.get("HOME") or os.path.expanduser("~")
    return os.path.join(home, ".kube", "cache")


def parse(data: bytes, path: str = "") -> dict:
    if not data.strip():
        return {}
    import yaml
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        doc = yaml.load(data, Loader=loader)
    except yaml.YAMLError as e:
        raise ConfigError(f"error: error loading config file \"{path}\": {e}") from None
    if doc is None:
        return {}
    if not isinstance(doc, dict):
        raise ConfigError(f"error: error loading config file \"{path}\": couldn't get version/kind; "
                          "json parse error: json: cannot unmarshal string into Go value of type struct "
                          '{ APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }')
    return doc


def merge_file(cfg: Kubeconfig, path: str, doc: dict) -> None:
    """Add one file's entries; names already defined by an earlier file keep their first value."""
    for section, item in SECTIONS:
        entries = getattr(cfg, section)
        for entry in doc.get(section) or []:
            name = entry.get("name", "")
            if name in entries:
                continue
            entries[name] = dict(entry.get(item) or {})
            cfg.origin[(section, name)] = path
    if doc.get("current-context") and not cfg.current_context:
        cfg.current_context = doc["current-context"]
        cfg.current_context_file = path
    if not cfg.preferences and doc.get("preferences"):
        cfg.preferences = dict(doc["preferences"])
    if cfg.extensions is None and doc.get("extensions"):
        cfg.extensions = doc["extensions"]


PATH_FIELDS = ("certificate-authority", "client-certificate", "client-key", "tokenFile")


def resolved(cfg: Kubeconfig, section: str, name: str) -> dict:
    """An entry with its relative file references made relative to the kubeconfig that names
    them (client-go's ResolvePaths, done when connecting; `config view` shows them as written)."""
    entry = dict(getattr(cfg, section).get(name) or {})
    origin = cfg.origin.get((section, name), "")
    if origin and (os.sep in origin or os.path.exists(origin)):
        base = os.path.dirname(os.path.abspath(origin))
        for key in PATH_FIELDS:
            value = entry.get(key)
            if value and not os.path.isabs(value):
                entry[key] = os.path.join(base, value)
    return entry


class FileConfigStore:
    """Kubeconfig files on disk, found as client-go finds them; changes written back per file."""

    def __init__(self, cache_dir: str = ""):
        self.cache_dir = cache_dir

    def load(self, explicit: str, env: dict, log=None) -> Kubeconfig:
        return load(explicit, env, log, self.cache_dir)

    def save(self, cfg: Kubeconfig) -> None:
        """ModifyConfig: each file gets back the entries that came from it; new entries (and a
        current-context nobody set yet) go to the first file of the list."""
        target = cfg.files[0] if cfg.files else ""
        by_file: dict[str, Kubeconfig] = {}

        def part(path: str) -> Kubeconfig:
            if path not in by_file:
                by_file[path] = Kubeconfig()
            return by_file[path]

        for section, _ in SECTIONS:
            for name, value in getattr(cfg, section).items():
                getattr(part(cfg.origin.get((section, name), target)), section)[name] = value
        part(cfg.current_context_file or target).current_context = cfg.current_context
        part(target).preferences = cfg.preferences
        for path, piece in by_file.items():
            if not path:
                continue
            existing = self._read(path)
            for section, item in SECTIONS:        # entries this file holds that others shadowed stay
                for entry in existing.get(section) or []:
                    name = entry.get("name", "")
                    if name not in getattr(piece, section) and cfg.origin.get((section, name)) != path \
                            and (section, name) not in cfg.removed:
                        getattr(piece, section)[name] = entry.get(item) or {}
            if path != (cfg.current_context_file or target):
                piece.current_context = existing.get("current-context", "")
            write_file(path, piece.to_v1())

    @staticmethod
    def _read(path: str) -> dict:
        try:
            with open(path, "rb") as f:
                return parse(f.read(), path)
        except FileNotFoundError:
            return {}


def write_file(path: str, doc: dict) -> None:
    from .printers.yaml import dumps
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    with open(path, "w") as f:
        f.write(dumps(doc))


class MemoryConfigStore:
    """A kubeconfig kept in memory (Cluster.kubectl): `config set-context` and friends change it."""

    PATH = "<in-memory>"

    def __init__(self, doc: dict):
        self.doc = doc

    def load(self, explicit: str, env: dict, log=None) -> Kubeconfig:
        if explicit:
            return load(explicit, env, log)
        cfg = Kubeconfig(files=[self.PATH])
        merge_file(cfg, self.PATH, self.doc)
        return cfg

    def save(self, cfg: Kubeconfig) -> None:
        if cfg.explicit:
            FileConfigStore().save(cfg)
        else:
            self.doc = cfg.to_v1()
