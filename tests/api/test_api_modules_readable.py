"""Line budget and docstring convention for the defaulting, validation and legacy modules."""

from pathlib import Path

import k8slab.api.validation as validation

API = Path(validation.__file__).parent.parent
MODULES = [API / "defaults.py", API / "defaults_pod.py", API / "legacy.py",
           *sorted(Path(validation.__file__).parent.glob("*.py"))]


def test_modules_stay_readable():
    for path in MODULES:
        text = path.read_text()
        assert len(text.splitlines()) < 400, path.name
        assert "Differences from upstream" in text and ("`pkg/" in text or "`staging/" in text), path.name
        assert all(len(line) <= 120 for line in text.splitlines()), path.name
