# msviz: two commands on a fresh machine with Python 3.10+ and make.
#   make lab    set up .venv and open JupyterLab on the first notebook
#   make test   set up .venv with the test extras and run the whole suite
#   make assignment  the exercises as an nbgrader assignment (grading/release/mean_shift/)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FIRST_NOTEBOOK := 01_start_here.ipynb
# Jupyter refuses to run as root without being told (containers, classroom VMs).
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: lab test present demo bench lint browser-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# JupyterLab's defaults for this environment: no "Jupyter news?" prompt on first start.
LAB_OVERRIDES := $(VENV)/share/jupyter/lab/settings/overrides.json

$(VENV)/.lab-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[lab,data]"
	mkdir -p $(dir $(LAB_OVERRIDES))
	printf '%s\n' '{"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": false}}' > $(LAB_OVERRIDES)
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

lab: $(VENV)/.lab-installed
	$(BIN)/python -m jupyter lab $(ROOT_FLAG) --ServerApp.root_dir=notebooks --LabApp.default_url=/lab/tree/$(FIRST_NOTEBOOK)

# Everything but the browser tests on every core; then the browser tests alone, one at
# a time (JupyterLab and Chromium under a loaded machine miss their timeouts).
test: $(VENV)/.test-installed browser-deps
	$(BIN)/python -m pytest -m "not browser"
	$(BIN)/python -m pytest -m browser -n 0

# Debian's Chromium drives the real-browser tests (never a downloaded browser).
browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  echo "installing Debian's chromium for the browser tests"; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium chromium-driver; \
	fi

# The explorer alone in Voilà, with msviz's template (share/jupyter/voila/templates/msviz):
# no Font Awesome from a CDN, so an offline classroom does not wait for it.
present: $(VENV)/.lab-installed
	JUPYTER_PATH=$(CURDIR)/share/jupyter $(BIN)/python -m voila --no-browser --Voila.ip=127.0.0.1 --template=msviz notebooks/explorer.ipynb

demo: $(VENV)/.lab-installed
	$(BIN)/msviz demo

bench: $(VENV)/.test-installed
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	$(BIN)/python benchmarks/bench_engine.py
	$(BIN)/python benchmarks/bench_view.py
	$(BIN)/python benchmarks/bench_widgets.py
	$(BIN)/python benchmarks/bench_gif_startup.py
	$(BIN)/python benchmarks/bench_scene.py
	$(BIN)/python benchmarks/bench_interact.py
	$(BIN)/python benchmarks/bench_images.py

lint: $(VENV)/.test-installed
	$(BIN)/python -m ruff check msviz tests benchmarks docs grading
	$(BIN)/python -m mypy

# The course exercises as an nbgrader assignment (README: "Grading a class with nbgrader"):
# the source notebook made again from notebooks/06_exercises*.ipynb, then the students'
# version in grading/release/mean_shift/. nbgrader runs the `alembic` command by name,
# so the venv's bin/ goes first on PATH.
.PHONY: assignment
$(VENV)/.teach-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[teach]"
	touch $@

assignment: $(VENV)/.teach-installed
	$(BIN)/python grading/make_source.py
	cd grading && PATH="$(abspath $(BIN)):$$PATH" $(abspath $(BIN))/python -m nbgrader generate_assignment mean_shift --force

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .hypothesis
