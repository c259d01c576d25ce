"""Line budget and docstring convention for the kubelet package."""

from pathlib import Path

import k8slab.kubelet as kubelet

PACKAGE = Path(kubelet.__file__).parent
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py")


def test_modules_stay_readable():
    assert len(MODULES) > 15
    for path in MODULES:
        text = path.read_text()
        assert len(text.splitlines()) < 400, path.name
        assert all(len(line) <= 120 for line in text.splitlines()), path.name
        doc = text.split('"""')[1]
        assert "Differences from upstream" in doc, path.name


def test_ported_modules_name_their_upstream_source():
    for path in MODULES:
        doc = path.read_text().split('"""')[1]
        if path.name in ("config.py",) or "pkg/" in doc or "staging/" in doc:
            continue
        assert path.parent.name == "runtimes", f"{path.name} names no upstream file"
