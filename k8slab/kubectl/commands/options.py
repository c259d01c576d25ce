"""`kubectl options`: the flags every command accepts (kubectl 1.32's text, usage.py)."""

from __future__ import annotations

import os

from ..registry import command


@command("options", short="Print the list of flags inherited by all commands")
def options(session, args: list[str]) -> int:
    from ..usage import OPTIONS
    home = session.env.get("HOME") or os.path.expanduser("~")
    session.out.write(OPTIONS.format(cache_dir=os.path.join(home, ".kube", "cache")))
    return 0
