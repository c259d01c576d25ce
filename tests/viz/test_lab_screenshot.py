"""Chapter 15's notebook in a real JupyterLab, driven by headless Chromium: the SchedulingView widget
renders live, and a screenshot of it is kept at build/screenshots/15-kube-scheduler.png.

JupyterLab runs from this interpreter (the .venv) on a free port with a random token and scratch
JUPYTER_*/IPYTHONDIR directories, serving a copy of the notebook (so nothing in notebooks/ is
touched). tests/lab/screenshot.mjs (Node + playwright-core, no browser download: it drives the
system's /usr/bin/chromium) clears the stored outputs, runs every cell from the Run menu and waits
until a widget whose table names the nodes is on the page.

Needs the system packages chromium, nodejs and npm (skipped with their names otherwise); `npm ci`
in tests/lab is run here when node_modules is missing.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.viz import png

ROOT = Path(__file__).resolve().parents[2]
LAB = ROOT / "tests" / "lab"
NOTEBOOK = ROOT / "notebooks" / "15-kube-scheduler.ipynb"
SCREENSHOT = ROOT / "build" / "screenshots" / "15-kube-scheduler.png"
# The first SchedulingView of chapter 15: pod "fast" wants disktype=ssd; node2 is tainted.
EXPECT = ["node1", "node2", "node3", "NodeAffinity", "TaintToleration", "fast"]

# Lab settings for a reproducible, offline page: no news/update toast, no autosave, every cell in the
# DOM (Lab's default windowing leaves cells far from the viewport unrendered).
SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _missing() -> list[str]:
    missing = [] if _chromium() else ["chromium"]
    missing += [pkg for pkg, exe in (("nodejs", "node"), ("npm", "npm")) if not shutil.which(exe)]
    return missing


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_lab(url: str, token: str, proc: subprocess.Popen, log: Path, limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"jupyter lab exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)                                  # polling a server's start-up, not component logic
    pytest.fail(f"jupyter lab did not answer /api/status within {limit:.0f}s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def playwright_core():
    missing = _missing()
    if missing:
        pytest.skip(f"the Lab screenshot needs the system package(s) {', '.join(missing)} "
                    f"(apt-get install chromium nodejs npm fonts-dejavu-core)")
    if not (LAB / "node_modules" / "playwright-core").is_dir():
        done = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=LAB, capture_output=True, text=True,
                              stdin=subprocess.DEVNULL, timeout=300)
        assert done.returncode == 0, f"npm ci in tests/lab failed:\n{done.stdout}\n{done.stderr}"
    return LAB / "node_modules" / "playwright-core"


@pytest.fixture(scope="module")
def lab(playwright_core, tmp_path_factory):
    """A JupyterLab serving a copy of notebooks/15-kube-scheduler.ipynb: (url, token, scratch dir)."""
    scratch = tmp_path_factory.mktemp("lab")
    root = scratch / "notebooks"
    root.mkdir()
    shutil.copy(NOTEBOOK, root / NOTEBOOK.name)
    for name, value in SETTINGS.items():
        path = scratch / "settings" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(scratch / "config"), JUPYTER_DATA_DIR=str(scratch / "data"),
               JUPYTER_RUNTIME_DIR=str(scratch / "runtime"), IPYTHONDIR=str(scratch / "ipython"),
               JUPYTER_PLATFORM_DIRS="1")
    port, token = _free_port(), secrets.token_hex(16)
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           "--ServerApp.port_retries=0", f"--ServerApp.root_dir={root}", f"--IdentityProvider.token={token}",
           "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=None",
           "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
           f"--LabApp.user_settings_dir={scratch / 'settings'}", f"--LabApp.workspaces_dir={scratch / 'workspaces'}"]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    log = scratch / "jupyter-lab.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        started = time.monotonic()
        _wait_for_lab(url, token, proc, log)
        print(f"\njupyter lab answered after {time.monotonic() - started:.1f}s")
        yield url, token, scratch
    finally:
        proc.terminate()                                   # the server shuts its kernels down on SIGTERM
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_chapter_15_runs_in_jupyterlab_and_the_scheduling_widget_renders(lab):
    url, token, scratch = lab
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    SCREENSHOT.unlink(missing_ok=True)
    opts = {"url": url, "token": token, "notebook": NOTEBOOK.name, "expect": EXPECT, "png": str(SCREENSHOT),
            "chromium": _chromium(), "profile": str(scratch / "chromium"), "timeout": 120_000}
    home = scratch / "home"                                # chromium writes ~/.config despite --user-data-dir
    home.mkdir()
    started = time.monotonic()
    run = subprocess.run(["node", str(LAB / "screenshot.mjs"), json.dumps(opts)], cwd=LAB, capture_output=True,
                         text=True, stdin=subprocess.DEVNULL, timeout=240, env=dict(os.environ, HOME=str(home)))
    assert run.returncode == 0, f"screenshot.mjs failed:\n{run.stdout[-3000:]}\n{run.stderr[-5000:]}"
    result = json.loads(run.stdout.strip().splitlines()[-1])
    print(f"\nscreenshot: {SCREENSHOT} (browser {time.monotonic() - started:.1f}s; {result['timings']})")

    # Every code cell ran in the kernel and none raised (chapter 15 tags no cell raises-exception).
    code = [c for c in result["cells"] if c["type"] == "code"]
    assert code and all(c["executionCount"] is not None for c in code), code
    assert result["errors"] == []
    stored = json.loads(NOTEBOOK.read_text())
    assert len(code) == sum(c["cell_type"] == "code" for c in stored["cells"])

    # The widget's DOM: the scheduler's node table for pod "fast", as the kernel computed it.
    text = result["widgetText"]
    for s in EXPECT:
        assert s in text, f"{s!r} missing from the widget's text:\n{text}"
    assert "Scheduled" in text and "untolerated taint" in text, text

    # The picture: a real PNG of the viewport, not blank, and not blank where the widget is.
    assert SCREENSHOT.stat().st_size > 10_000
    width, height, bpp, rows = png.read(SCREENSHOT)
    assert (width, height) == (result["viewport"]["width"], result["viewport"]["height"])
    whole = png.colours(rows, bpp, (0, 0, width, height), step=3)
    assert len(whole) > 50, f"only {len(whole)} colours in the screenshot"
    box = result["widgetBox"]
    left, top = max(0, int(box["x"])), max(0, int(box["y"]))
    right, bottom = min(width, int(box["x"] + box["width"])), min(height, int(box["y"] + box["height"]))
    assert right - left > 200 and bottom - top > 60, f"the widget is not on screen: {box}"
    inside = png.colours(rows, bpp, (left, top, right, bottom))
    background = max(inside.values())
    assert sum(inside.values()) - background > 0.02 * sum(inside.values()), "the widget area is blank"
