"""Ctrl-C (and the other terminating signals) while a kubectl command waits on the server.

Follows `staging/src/k8s.io/kubectl/pkg/util/interrupt/interrupt.go`: `interrupt.New` listens for
SIGHUP, SIGINT, SIGTERM and SIGQUIT with Go's signal.Notify, which receives them even when the
process was started with them ignored (a shell's background job, a test harness). Python keeps an
inherited SIG_IGN, so `kubectl get -w` would never stop; `interruptible()` installs handlers that
raise KeyboardInterrupt for the duration of the wait and restores the previous ones after.

Differences from upstream: a no-op outside the main thread (Python delivers signals there only),
e.g. when `Cluster.kubectl` runs in a worker thread.
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager

SIGNALS = tuple(getattr(signal, n) for n in ("SIGHUP", "SIGINT", "SIGTERM", "SIGQUIT") if hasattr(signal, n))


def _raise(signum, frame):
    raise KeyboardInterrupt


@contextmanager
def interruptible():
    """While inside, any of SIGNALS raises KeyboardInterrupt."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.signal(s, _raise) for s in SIGNALS}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler if handler is not None else signal.SIG_DFL)
