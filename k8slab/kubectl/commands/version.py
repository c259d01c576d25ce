"""`kubectl version`: client, kustomize and server versions.

Follows `staging/src/k8s.io/kubectl/pkg/cmd/version/version.go` (`Client Version:`,
`Kustomize Version:`, `Server Version:` lines; `-o yaml|json` of the versionInfo struct in
field order for json, sorted for yaml, each followed by a newline; `--client` without the
server; the skew warning beyond one minor version) as the kubectl on this machine prints it.

That kubectl is gcloud's dispatcher: it asks the server's /version first and runs the kubectl
of the same minor, so the client lines depend on the server (CLIENTS below, read from the
installed binaries). Without an answer it runs its own 1.32.4 (`v1.32.4-dispatcher`).
"""

from __future__ import annotations

from ..errors import StatusError, error
from ..flags import BOOL, STRING
from ..registry import command

# server minor -> (minor, gitVersion, gitCommit, buildDate, goVersion, kustomize version)
CLIENTS = {
    "27": ("27", "v1.27.16", "cbb86e0d7f4a049666fac0551e8b02ef3d6c3d9a", "2024-07-17T01:53:56Z", "go1.22.5", "v5.0.1"),
    "28": ("28", "v1.28.15", "841856557ef0f6a399096c42635d114d6f2cf7f4", "2024-10-22T20:34:56Z", "go1.22.8",
           "v5.0.4-0.20230601165947-6ce0bf390ce3"),
    "29": ("29", "v1.29.14", "4f359b2e16764ab5e175195ee6992dfb53b36acf", "2025-02-12T21:34:28Z", "go1.22.12",
           "v5.0.4-0.20230601165947-6ce0bf390ce3"),
    "30": ("30", "v1.30.13", "50af91c466658b6a33d123fae8a487db1630971c", "2025-05-15T09:56:59Z", "go1.23.8",
           "v5.0.4-0.20230601165947-6ce0bf390ce3"),
    "31": ("31", "v1.31.9", "8f3800390d488f54f74111f22973059e133f9cba", "2025-05-15T09:17:16Z", "go1.23.8", "v5.4.2"),
    "32": ("32+", "v1.32.4-dispatcher", "4cb5f0764b8d5f425645c6f433394fede34a8a26", "2025-05-15T20:09:34Z",
           "go1.23.8", "v5.5.0"),
    "33": ("33", "v1.33.1", "8adc0f041b8e7ad1d30e29cc59c6ae7a15e19828", "2025-05-15T08:27:33Z", "go1.24.2", "v5.6.0"),
}
DEFAULT = "32"
FIELDS = ("major", "minor", "gitVersion", "gitCommit", "gitTreeState", "buildDate", "goVersion",
          "compiler", "platform")
DEPRECATED_1_27 = ("WARNING: This version information is deprecated and will be replaced with the output "
                   "from kubectl version --short.  Use --output=yaml|json to get the full version.")


def client_info(minor: str) -> dict:
    m, git, commit, date, go, _ = CLIENTS.get(minor, CLIENTS[DEFAULT])
    return {"major": "1", "minor": m, "gitVersion": git, "gitCommit": commit, "gitTreeState": "clean",
            "buildDate": date, "goVersion": go, "compiler": "gc", "platform": "linux/amd64"}


def flags(fs) -> None:
    fs.add("client", BOOL)
    fs.add("output", STRING, short="o")
    fs.add("short", BOOL)


def dispatcher_minor(session) -> str:
    """The server's minor as the dispatcher's silent `GET /version?timeout=5s` sees it."""
    try:
        headers = {"Accept": "application/json, */*", "User-Agent": "kubectl-dispatcher/v1.0"}
        reply = session.transport.request("GET", "/version?timeout=5s", headers)
        if reply.status == 200:
            return str((reply.json() or {}).get("minor", DEFAULT)).rstrip("+")
    except Exception:      # no kubeconfig, no server: the dispatcher runs its own kubectl
        pass
    return DEFAULT


@command("version", flags=flags, short="Print the client and server version information")
def version(session, args: list[str]) -> int:
    f = session.flags
    if args:
        raise error(f"extra arguments: [{' '.join(args)}]")
    output = f["output"]
    if output not in ("", "yaml", "json"):
        raise error("--output must be 'yaml' or 'json'")
    server, server_error = None, None
    if not f["client"]:
        try:
            server = session.client.get("/version", {"timeout": "32s"}, accept="application/json, */*",
                                        caller="request.go:1351")
        except (StatusError, Exception) as e:        # printed after the client lines, as kubectl does
            from ..errors import KubectlError
            if not isinstance(e, KubectlError):
                raise
            server_error = e
    minor = str(server.get("minor", DEFAULT)).rstrip("+") if server else dispatcher_minor(session)
    client = client_info(minor)
    kustomize = CLIENTS.get(minor, CLIENTS[DEFAULT])[5]
    out = session.out
    if output == "json":
        from ..printers.json import go_escape
        import json
        doc = {"clientVersion": client, "kustomizeVersion": kustomize}
        if server:
            doc["serverVersion"] = {k: server[k] for k in FIELDS if k in server}
        out.write(go_escape(json.dumps(doc, indent=2, ensure_ascii=False)) + "\n")
    elif output == "yaml":
        from ..printers.yaml import dumps
        doc = {"clientVersion": client, "kustomizeVersion": kustomize}
        if server:
            doc["serverVersion"] = {k: server[k] for k in FIELDS if k in server}
        out.write(dumps(doc) + "\n")
    elif minor == "27" and not f["short"]:
        out.write(DEPRECATED_1_27 + "\n")
        out.write(f"Client Version: {_go_struct(client)}\nKustomize Version: {kustomize}\n")
        if server:
            out.write(f"Server Version: {_go_struct(server)}\n")
    else:
        out.write(f"Client Version: {client['gitVersion']}\nKustomize Version: {kustomize}\n")
        if server:
            out.write(f"Server Version: {server.get('gitVersion', '')}\n")
            warning = skew_warning(client, server)
            if warning:
                session.err.write(warning + "\n")
    if server_error is not None:
        raise server_error
    return 0


def _go_struct(info: dict) -> str:
    """version.Info printed with %#v, as kubectl 1.27 does without --short."""
    names = {"major": "Major", "minor": "Minor", "gitVersion": "GitVersion", "gitCommit": "GitCommit",
             "gitTreeState": "GitTreeState", "buildDate": "BuildDate", "goVersion": "GoVersion",
             "compiler": "Compiler", "platform": "Platform"}
    return "version.Info{" + ", ".join(f'{names[k]}:"{info.get(k, "")}"' for k in FIELDS) + "}"


def skew_warning(client: dict, server: dict) -> str:
    try:
        c, s = int(client["minor"].rstrip("+")), int(str(server.get("minor", "")).rstrip("+"))
    except ValueError:
        return ""
    if abs(c - s) > 1:
        return (f"WARNING: version difference between client ({client['major']}.{c}) and server "
                f"({server.get('major', '1')}.{s}) exceeds the supported minor version skew of +/-1")
    return ""
