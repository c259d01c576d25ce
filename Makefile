# Two commands for everyone:
#   make lab    create .venv, install k8slab with the [lab] extra, open JupyterLab on notebooks/
#   make test   create .venv, install k8slab with the [dev] extra, run pytest on tests/, the notebooks
#               and the solution notebooks
#
# Options (make VAR=value):
#   LAB_ARGS     passed to `k8slab lab`, e.g. LAB_ARGS="--no-browser --port 8899"
#   TESTS        what pytest collects (default: tests notebooks solutions)
#   PYTEST_ARGS  extra pytest options, e.g. PYTEST_ARGS="-x -k watch"
#   PYTHON       interpreter the venv is made from (default: python3; needs 3.11+)
#   UV           path of uv; found on PATH when present, otherwise pip is used
#
# .venv is updated whenever pyproject.toml changes (stamp files .venv/.installed-<extra>).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
UV ?= $(shell command -v uv 2>/dev/null)
VENV := .venv
VPY := $(VENV)/bin/python
SCRATCH := $(CURDIR)/.jupyter-home
LAB_ARGS ?=
TESTS ?= tests notebooks solutions
PYTEST_ARGS ?=

# Jupyter and IPython keep their state in the scratch dir during tests, never in $HOME.
TEST_ENV := JUPYTER_CONFIG_DIR=$(SCRATCH)/config JUPYTER_DATA_DIR=$(SCRATCH)/data \
	JUPYTER_RUNTIME_DIR=$(SCRATCH)/runtime IPYTHONDIR=$(SCRATCH)/ipython

# JupyterLab settings shipped into the venv: no news or update checks (the lab works offline).
LAB_OVERRIDES := $(VENV)/share/jupyter/lab/settings/overrides.json

.PHONY: help lab test clean

help:
	@sed -n '1,12s/^# \{0,1\}//p' Makefile

lab: $(VENV)/.installed-lab
	$(VENV)/bin/k8slab lab $(LAB_ARGS)

test: $(VENV)/.installed-dev
	@mkdir -p $(SCRATCH)
	$(TEST_ENV) $(VPY) -m pytest --nbval --nbval-current-env $(TESTS) $(PYTEST_ARGS)

$(VPY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else \
		"k8slab needs Python 3.11 or newer; $(PYTHON) is " + sys.version.split()[0] + " (set PYTHON=...)")'
ifneq ($(UV),)
	$(UV) venv --quiet --python "$$($(PYTHON) -c 'import sys; print(sys.executable)')" $(VENV)
else
	$(PYTHON) -m venv $(VENV)
endif

# .venv/.installed-lab, .venv/.installed-dev: `pip install -e .[<extra>]`, redone when pyproject.toml changes.
$(VENV)/.installed-%: pyproject.toml | $(VPY)
ifneq ($(UV),)
	$(UV) pip install --quiet --python $(VPY) -e '.[$*]'
else
	$(VPY) -m pip --version >/dev/null 2>&1 || $(VPY) -m ensurepip --upgrade >/dev/null
	$(VPY) -m pip install --quiet -e '.[$*]'
endif
	@mkdir -p $(dir $(LAB_OVERRIDES))
	@printf '%s\n' '{"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": false}}' > $(LAB_OVERRIDES)
	@touch $@

clean:
	rm -rf $(VENV) $(SCRATCH)
