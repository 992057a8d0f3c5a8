# From Compliance to Co-Ownership: the two commands are `make lab` and `make test`.
# Everything else is set up on the way. See README.md.

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SETUP_LOG := $(VENV)/setup.log
# uv installs the pinned packages faster than pip (14-23 s against 33 s here); pip is the fallback.
UV_VERSION := 0.13.8
# Empty PORT: the coownership command's defaults (lab 8888, instructor 8889, so both can run at once).
PORT   ?=
WORKSPACE ?= learner
LAB_ARGS ?=
export PATH := $(CURDIR)/$(BIN):$(PATH)
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: chromium help hub-proxy setup lint test-fast evidence lab workspace test instructor release bench datasets portfolio handin present site clean

help:
	@echo "make lab         set up, build your course folder (learner/), open the course"
	@echo "make test        set up, then run every test"
	@echo "make test-fast   lint, types and the unit tests only (about a minute)"
	@echo "make instructor  JupyterLab on the source notebooks with nbgrader's tools"
	@echo "make release     coordinator: release every module into grading/release"
	@echo "make hub-proxy   install JupyterHub's proxy for deploy/jupyterhub/ (npm ci)"
	@echo "make bench       time each module's run-all and the simulator"
	@echo "make datasets    rebuild the SIMULATED agency datasets (byte for byte)"
	@echo "make evidence    re-measure each simulator lever and write the tables in docs/model-card.md"
	@echo "make portfolio   export your journal as a Markdown file and an HTML page"
	@echo "make handin ID=your.id   pack your notebooks into one .zip to send to your coordinator"
	@echo "make present    supervisor: projectable pages for a session (no code on screen)"
	@echo "make site       the whole course as a static website in build/site (no answers)"

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { \
	  echo "make: $(PYTHON) was not found. This course needs Python 3.11."; \
	  echo "      Install it, or point make at one: make lab PYTHON=/path/to/python3.11"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)' || { \
	  echo "make: $(PYTHON) is not Python 3.11 ($$($(PYTHON) --version 2>&1))."; \
	  echo "      Point make at a 3.11: make lab PYTHON=/path/to/python3.11"; exit 1; }
	@echo "Setting up: a private Python environment in $(VENV)/ (first run only)."
	@$(PYTHON) -m venv $(VENV)

# Quiet install: everything pip and uv print goes to $(SETUP_LOG); on failure its end is shown.
# uv first (pinned, from PyPI); when uv cannot be installed or fails, pip does the same install.
$(STAMP): pyproject.toml | $(BIN)/python
	@echo "Installing the course's pinned packages (first run only, about 20 s)..."
	@start=$$(date +%s); : > $(SETUP_LOG); \
	if $(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)" >>$(SETUP_LOG) 2>&1 \
	  && $(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -e '.[test]' >>$(SETUP_LOG) 2>&1; then :; \
	else echo "(uv was not available; installing with pip instead, which takes longer)"; \
	  { $(BIN)/python -m pip install --quiet --progress-bar off --upgrade "pip>=24" \
	    && $(BIN)/python -m pip install --quiet --progress-bar off -e '.[test]'; } >>$(SETUP_LOG) 2>&1 || { \
	  tail -n 30 $(SETUP_LOG); echo; \
	  echo "make: installing the course's packages failed (the lines above are the end of $(SETUP_LOG))."; \
	  echo "      Check that this computer can reach the internet (PyPI), then run the same make command again."; \
	  echo "      If it fails again, send $(SETUP_LOG) to whoever runs the course."; exit 1; }; fi; \
	echo "Installed in $$(( $$(date +%s) - start )) s."
	@touch $(STAMP)

setup: $(STAMP)

workspace: setup
	@$(BIN)/coownership workspace --workspace "$(WORKSPACE)"

lab: setup
	@$(BIN)/coownership lab $(if $(PORT),--port $(PORT)) --workspace "$(WORKSPACE)" $(LAB_ARGS)

instructor: setup
	@$(BIN)/coownership instructor $(if $(PORT),--port $(PORT)) $(LAB_ARGS)

release: setup
	$(BIN)/coownership release

# The proxy JupyterHub puts in front of learners' servers (deploy/jupyterhub/), pinned by its
# package-lock.json and installed with npm ci into .venv/hub-proxy (again only when the lock changes).
HUB_PROXY := $(VENV)/hub-proxy
hub-proxy: $(HUB_PROXY)/.lock-installed
$(HUB_PROXY)/.lock-installed: deploy/jupyterhub/package-lock.json deploy/jupyterhub/package.json
	@command -v npm >/dev/null 2>&1 || { echo "make: npm was not found. Install Node.js 20 or newer (Debian 12's own nodejs is 18: use NodeSource; see deploy/jupyterhub/README.md)."; exit 1; }
	@mkdir -p $(HUB_PROXY) && cp deploy/jupyterhub/package.json deploy/jupyterhub/package-lock.json $(HUB_PROXY)/
	@npm ci --prefix $(HUB_PROXY) --omit=dev --no-audit --no-fund --loglevel=error
	@cp deploy/jupyterhub/package-lock.json $@

# Browser tests drive Debian's Chromium (never Playwright's own download, which fails here).
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's Chromium for the browser tests (about 20 s)..."; \
	  ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium) >/dev/null 2>&1 || { \
	    echo "make: could not install chromium. Install it yourself (sudo apt-get install chromium),"; \
	    echo "      then run make test again."; exit 1; }; }

# Fast checks first: lint, format and types fail in seconds, before the slow tests start.
lint: setup
	@echo "Lint, format and types (ruff, mypy)..."
	@$(BIN)/ruff check --quiet .
	@$(BIN)/ruff format --check --quiet .
	@$(BIN)/mypy

# A test runs again (at most twice) only when a Jupyter kernel died or hung while starting: between
# choosing its ports and binding them another process can take one (jupyter_client#487; seen in CI
# as "Address already in use", then "Kernel died before replying to kernel_info"). Any other
# failure fails at once. RERUN_ON is checked against jupyter_client's own messages by
# tests/test_packaging.py.
RERUN_ON := --reruns 2 --only-rerun "Kernel died before replying to kernel_info" --only-rerun "Kernel didn.t respond"

# Three workers on two cores: much of the suite waits on kernels, servers and the browser starting,
# which a third worker overlaps (measured in the README). --durations lists the slowest tests.
# The fast tier: unit tests only (no nbgrader, no Jupyter server, no browser; tests marked slow are skipped).
test-fast: setup lint
	$(BIN)/python -m pytest -n 2 -m "not slow" tests -p no:cacheprovider -q

test: setup chromium lint
	@start=$$(date +%s); \
	$(BIN)/python -m pytest -n 3 --dist loadfile --durations=15 $(RERUN_ON) tests notebooks \
	  --nbval-lax --sanitize-with tests/sanitize.cfg -p no:cacheprovider; status=$$?; \
	end=$$(date +%s); echo "make test: $$((end - start)) s (target: under 900 s)"; exit $$status

bench: setup
	$(BIN)/python benchmarks/run_all_modules.py
	$(BIN)/python benchmarks/simulate.py
	$(BIN)/python benchmarks/widgets.py
	$(BIN)/python benchmarks/datasets.py
	$(BIN)/python benchmarks/owndata.py
	$(BIN)/python benchmarks/grading.py

portfolio: setup
	$(BIN)/coownership portfolio --workspace "$(WORKSPACE)"

# A learner hands in: every module notebook they changed, packed into learner/<ID>.zip for the coordinator.
handin: setup
	@$(BIN)/coownership handin --workspace "$(WORKSPACE)" $(if $(ID),--id "$(ID)")

# A supervisor projects a module: Voila on present/, large type, the guide's prompts beside each figure.
present: setup
	@$(BIN)/coownership present $(if $(PORT),--port $(PORT)) $(LAB_ARGS)

# The whole course as a static website (learner copies, run, with outputs; no answers): build/site/index.html.
site: setup
	@$(BIN)/coownership site

datasets: setup
	$(BIN)/python -m coownership.agency

evidence: setup
	$(BIN)/python -m coownership.evidence --write

clean:
	rm -rf build .pytest_cache
