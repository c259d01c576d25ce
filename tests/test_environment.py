"""environment.yml (conda, Binder) must list what pyproject.toml needs, with the same floors.

Checked: every requirement of `[project.dependencies]` and of the `[lab]` extra is in
environment.yml under its conda-forge name with the same `>=` floor; environment.yml lists nothing
else but the allowed extras below; its python pin equals the floor of `requires-python`; and it
installs k8slab itself with `pip: [-e .]`.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent

# PyPI name (normalised) -> conda-forge name, where they differ.
CONDA_NAME = {
    "prometheus-client": "prometheus_client",
    "graphviz": "python-graphviz",      # conda-forge's "graphviz" is the C programs
}
# conda packages in environment.yml that pyproject has no counterpart for.
CONDA_ONLY = {"python", "pip", "graphviz"}


def norm(name: str) -> str:
    return name.lower().replace("_", "-")


def floor(spec: str) -> Version | None:
    """The lower bound of a `>=X` (or `==X`, `=X`) specifier, None when there is none."""
    for part in filter(None, (p.strip() for p in spec.split(","))):
        m = re.fullmatch(r"(>=|==|~=|=)\s*([0-9][0-9A-Za-z.*]*)", part)
        if m:
            return Version(m.group(2).rstrip(".*"))
    return None


def load_pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def load_environment() -> tuple[dict[str, str], list]:
    """conda specs by normalised name -> version part, and the pip section."""
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda, pip = {}, []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip.extend(dep.get("pip", []))
            continue
        m = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*(.*?)\s*", dep)
        assert m, f"environment.yml: cannot read dependency {dep!r}"
        conda[norm(m.group(1))] = m.group(2)
    return conda, pip


def required() -> list[Requirement]:
    project = load_pyproject()
    deps = project["dependencies"] + project["optional-dependencies"]["lab"]
    return [Requirement(d) for d in deps]


@pytest.mark.parametrize("req", required(), ids=lambda r: r.name)
def test_dependency_is_in_environment_yml_with_same_floor(req):
    conda, _ = load_environment()
    name = norm(CONDA_NAME.get(norm(req.name), req.name))
    assert name in conda, f"{req.name}: in pyproject.toml but not in environment.yml (as {name})"
    want = floor(str(req.specifier))
    got = floor(conda[name])
    assert got == want, (f"{req.name}: pyproject.toml's floor is {want}, "
                         f"environment.yml's ({name}) is {got}")


def test_environment_yml_lists_nothing_pyproject_lacks():
    conda, _ = load_environment()
    expected = {norm(CONDA_NAME.get(norm(r.name), r.name)) for r in required()} | CONDA_ONLY
    extra = sorted(set(conda) - expected)
    assert not extra, f"in environment.yml but not in pyproject.toml: {', '.join(extra)}"


def test_python_version_agrees():
    conda, _ = load_environment()
    assert "python" in conda, "environment.yml does not pin python"
    requires = SpecifierSet(load_pyproject()["requires-python"])
    pinned = floor(conda["python"])
    assert pinned is not None, f"environment.yml's python has no version: {conda['python']!r}"
    assert pinned == floor(str(requires)), (
        f"python: pyproject.toml requires {requires}, environment.yml pins {conda['python']}")


def test_environment_installs_k8slab_itself():
    _, pip = load_environment()
    assert "-e ." in pip, "environment.yml's pip section must install k8slab with `-e .`"
