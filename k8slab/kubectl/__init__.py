"""`k8slab kubectl`: the booklet's kubectl in Python, printing what the real kubectl prints.

Built to be indistinguishable from kubectl 1.32 (the version this machine's kubectl dispatcher
runs against k8slab's default server) against the same API server, and to start fast (a cold
`k8slab kubectl get pods` imports only the modules that command needs).

How it fits together (one module per idea):

    cli.py          run(argv) -> exit code: finds the command (cobra's rules), parses flags,
                    builds a Session, runs the command, prints failures (errors.py)
    flags.py        pflag's parsing rules and kubectl's global flags
    registry.py     the command registry: `@command("get", flags=...)`; MODULES maps a command
                    word to the module that implements it (imported on demand)
    session.py      one invocation: flags, out/err streams, kubeconfig, client, discovery
    kubeconfig.py   finding, merging and writing kubeconfig files (client-go's loading rules)
    clientconfig.py the context and the flags' overrides: server, namespace, credentials
    transport.py    HTTP(S) with the standard library, or in-process into APIServer.handle()
    client.py       the REST client: kubectl's headers, -v request logs, errors from replies
    discovery.py    resources the server offers; what `po`, `deploy.apps`, `all` name
    resources.py    the resource arguments of a command (`pods a b`, `pod/a svc/b`, -f files)
    errors.py       kubectl's error texts and exit codes
    klog.py         klog lines (`I1127 11:18:45.139541   16287 loader.go:402] ...`)
    sorting.py      --sort-by
    usage.py        the texts of `kubectl` alone and `kubectl options`
    inprocess.py    what Cluster.kubectl runs: in-memory kubeconfig, cached discovery
    printers/       tables (tabwriter.py, table.py), yaml.py, json.py, name.py, jsonpath.py
                    (+ jsonpath_parser.py), custom_columns.py, gotemplate.py (+ its parser);
                    output.py picks one for `-o`
    commands/       one module per command: get (+ get_watch), api_resources (api-resources,
                    api-versions), version, cluster_info, config (+ config_view), explain,
                    describe, options

Adding a command: write `commands/<name>.py` with a function decorated by
`@registry.command("<name>", flags=add_flags)` taking `(session, args)` and returning an exit
code (or raising an errors.KubectlError), and add `"<name>": "k8slab.kubectl.commands.<name>"`
to `registry.MODULES`. The pieces a mutating command uses:

    targets = resources.from_args(args, session.discovery)     # or from_files(paths, ...)
    ns, explicit = session.namespace()
    reply = session.client.request("POST", target.resource.path(ns), body=orjson.dumps(obj),
                                   content_type="application/json",
                                   query={"fieldManager": "kubectl-create"})
    printers.name.print_name(reply.json(), session.out, "created")   # deployment.apps/x created
    printers.output.printer_for("yaml")(obj, session.out)             # for -o yaml|json|name|...

`client.request` raises errors.StatusError for a failure (its `.text()` is kubectl's line);
commands that go on after a failure collect them and print each with `.text()` at the end,
returning 1, as kubectl does. Bodies read in-process are the server's own objects: copy before
changing them.

`describe`: the command (commands/describe.py) resolves its arguments and fetches the objects,
then calls `k8slab.kubectl.describe.describe(session, resource, obj) -> str` for each object
(`resource` is a discovery.APIResource, `obj` the object as the server returned it, read-only)
and prints what it returns, objects separated by a blank line, as kubectl does. That package is
written separately; until it exists `kubectl describe` says so and exits 1.

From Python: `Cluster.kubectl("get pods -o wide")` (k8slab/cluster.py) runs the same code with
the in-process transport and returns what the terminal would show.
"""

from __future__ import annotations


def main(argv: list[str] | None = None) -> int:
    from .cli import main as run_main
    return run_main(argv)
