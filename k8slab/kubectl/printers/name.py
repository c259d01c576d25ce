"""`-o name`: `kind.group/name` per object (`pod/redis`, `deployment.apps/redis`), and the
success lines of mutating commands (`deployment.apps/redis created`).

Follows `staging/src/k8s.io/cli-runtime/pkg/printers/name.go` (NamePrinter: lists are printed
item by item; the group is left out for the core group; with an Operation, `<name> <operation>`).
"""

from __future__ import annotations


def name_of(obj: dict) -> str:
    group = obj.get("apiVersion", "").rpartition("/")[0]
    kind = obj.get("kind", "").lower()
    prefix = f"{kind}.{group}" if group else kind
    return f"{prefix}/{(obj.get('metadata') or {}).get('name', '')}"


def print_name(obj: dict, out, operation: str = "") -> None:
    """`pod/x` per object; with an operation (`created`, `configured`, `scaled`...) as mutating
    commands print it: `pod/x created`."""
    if obj.get("kind") == "List" or (obj.get("kind", "").endswith("List") and "items" in obj):
        for item in obj.get("items") or []:
            print_name(item, out, operation)
        return
    out.write(name_of(obj) + (f" {operation}" if operation else "") + "\n")
