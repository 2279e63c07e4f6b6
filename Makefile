# kerastutor: `make lab` opens the curriculum, `make test` runs every test.
# Both create .venv when it is missing and install what they need into it.

PYTHON ?= python3
VENV ?= .venv
PORT ?= 8888
# make test runs test files on this many pytest-xdist workers (a notebook's cells stay on one worker)
TEST_WORKERS ?= 2
BIN := $(VENV)/bin
# kerastutor runs on TensorFlow's CPU wheel unless the venv already has TensorFlow.
TF_EXTRA = $$($(BIN)/python -c 'import tensorflow' >/dev/null 2>&1 || echo 'cpu,')


.PHONY: lab test install jax classroom-tools classroom graphviz chromium lint bench clean

lab: install graphviz
	@echo "Your copies of the lessons go to ./kerastutor-notebooks; JupyterLab opens the welcome lesson there."
	@echo "(the line starting with http://127.0.0.1:$(PORT)/lab?token=... below has the login token)"
	$(BIN)/kerastutor start --port $(PORT)

test: install jax classroom-tools graphviz chromium
	$(BIN)/python -m ruff check kerastutor tests benchmarks tools notebooks classroom setup.py
	env -u JPY_SESSION_NAME -u VSCODE_PID $(BIN)/python -m pytest -rs --nbval --nbval-current-env \
	  --nbval-sanitize-with tests/nbval_sanitize.cfg -n $(TEST_WORKERS) --dist loadfile --durations=25

install: $(VENV)/.installed

$(BIN)/python:
	@$(PYTHON) -m venv $(VENV) >/dev/null 2>&1 || { \
	  rm -rf $(VENV); \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv && \
	    $(PYTHON) -m venv $(VENV); \
	  else echo "Python's venv module is missing: run  sudo apt-get install python3-venv  and try again"; exit 1; fi; }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --editable ".[$(TF_EXTRA)lab,test,bench]"
	@touch $@

# JAX is optional for learners (lesson 17 says so when it is missing); the tests run that lesson with it.
jax: $(VENV)/.jax

$(VENV)/.jax: pyproject.toml | $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --editable ".[$(TF_EXTRA)lab,test,bench,jax]"
	@touch $@

# The classroom: JupyterHub, its idle culler and nbgrader into the venv; JupyterHub's proxy,
# configurable-http-proxy, from the npm registry into $(VENV)/proxy (linked into $(BIN)).
classroom-tools: $(VENV)/.classroom

$(VENV)/.classroom: pyproject.toml | $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --editable ".[$(TF_EXTRA)lab,test,bench,classroom]"
	@command -v npm >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Node.js and npm for JupyterHub's proxy"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; \
	  else echo "npm is missing; JupyterHub's proxy needs it. Install it with:  sudo apt-get install npm"; \
	  exit 1; fi; }
	npm install --silent --no-audit --no-fund --prefix $(VENV)/proxy configurable-http-proxy@^4.6
	ln -sf ../proxy/node_modules/.bin/configurable-http-proxy $(BIN)/configurable-http-proxy
	@touch $@

# A local hub for a teacher to try (two demo learners, any password, this machine only): Ctrl-C stops it
# and every server it started. For a class, see classroom/README.md.
classroom: install classroom-tools
	@echo "Starting a TRIAL JupyterHub on http://127.0.0.1:8000 : log in as ada or grace, with any password."
	@echo "(trial mode: anyone on this machine can log in as them; for a class, see classroom/README.md)"
	KERASTUTOR_HUB_TRIAL=ada,grace $(BIN)/jupyterhub -f classroom/jupyterhub_config.py

graphviz:
	@command -v dot >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Graphviz (plot_model needs its dot program)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null; \
	  else echo "Graphviz's dot is missing; plot_model needs it. Install it with:  sudo apt-get install graphviz"; fi; }

# The browser tests drive the system's Chromium with Playwright (Playwright downloads no browser).
chromium:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Chromium is missing; the browser tests will be skipped. Install it with:  sudo apt-get install chromium"; fi; }

lint: install
	$(BIN)/python -m ruff check kerastutor tests benchmarks tools notebooks classroom setup.py

bench: install classroom-tools
	$(BIN)/python benchmarks/import_time.py
	$(BIN)/python benchmarks/liveplot_overhead.py
	$(BIN)/python benchmarks/liveplot_kernel_overhead.py
	$(BIN)/python benchmarks/layerstats_overhead.py
	$(BIN)/python benchmarks/inspector_switch.py
	$(BIN)/python benchmarks/augment_latency.py
	$(BIN)/python benchmarks/playground_fps.py
	$(BIN)/python benchmarks/curriculum.py
	$(BIN)/python benchmarks/migrate_speed.py
	$(BIN)/python benchmarks/projection_speed.py
	$(BIN)/python benchmarks/saliency_speed.py
	$(BIN)/python benchmarks/kernel_memory.py
	$(BIN)/python benchmarks/classroom_load.py --learners 5

clean:
	rm -rf $(VENV)
