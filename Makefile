# Two commands: `make run` serves the app with demo data; `make test` runs ruff and every test.
PYTHON ?= python3
PY := .venv/bin/python
PIP := .venv/bin/pip
PORT ?= 8501
CHROMIUM := /usr/bin/chromium
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test lint format bench venv dev-venv chromium clean

# Stamp files: reinstall only when a requirements file changed.
.venv/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv .venv
	$(PIP) install --disable-pip-version-check -q -r requirements.txt
	touch $@

.venv/.dev: requirements-dev.txt requirements.txt .venv/.runtime
	$(PIP) install --disable-pip-version-check -q -r requirements-dev.txt
	touch $@

venv: .venv/.runtime
dev-venv: .venv/.dev

# Playwright drives Debian's chromium (executable_path), so no browser download is needed.
chromium:
	@test -x $(CHROMIUM) || { \
		echo "installing Debian's chromium"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }
	@test -x $(CHROMIUM)

# Migrates data/qc.sqlite (or $QC_DB), fills demo data when it is empty, prints the demo logins.
run: venv
	$(PY) cli.py demo --if-empty
	.venv/bin/streamlit run server.py --server.port $(PORT) --server.address 127.0.0.1 \
		--server.headless true --browser.gatherUsageStats false

lint: dev-venv
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format: dev-venv
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

# pytest exits 5 when it collects nothing; make treats that like any failure.
# Three pytest runs side by side on the 2 cores: the CPU-bound rest, and the live suites (a real
# server + Chromium each, mostly waiting) split in two: the Russian-words walk of every page for
# every role (its own server) and the other live tests. One live run took 15 min beside the rest;
# split, the slower half ends well inside the budget. The live runs' output follows the other's;
# the last line sums all ("N passed, N failed, N skipped"); any run failing, or collecting
# nothing, fails make.
LIVE_TESTS := tests/browser tests/server
WALK_TESTS := tests/browser/test_russian.py
test: dev-venv chromium lint
	@rm -f .test-*.xml .test-*.log .test-*.rc; mkdir -p .test-tmp
	@( .venv/bin/pytest $(WALK_TESTS) --basetemp=.test-tmp/walk --junitxml=.test-walk.xml \
	   > .test-walk.log 2>&1; echo $$? > .test-walk.rc ) & \
	( .venv/bin/pytest $(LIVE_TESTS) $(addprefix --ignore=,$(WALK_TESTS)) --basetemp=.test-tmp/live \
	   --junitxml=.test-live.xml > .test-live.log 2>&1; echo $$? > .test-live.rc ) & \
	.venv/bin/pytest $(addprefix --ignore=,$(LIVE_TESTS)) --basetemp=.test-tmp/unit --junitxml=.test-unit.xml; \
	unit=$$?; wait; \
	echo "---- $(LIVE_TESTS) (but the walk) ----"; cat .test-live.log; \
	echo "---- $(WALK_TESTS) ----"; cat .test-walk.log; \
	$(PY) tests/summarize.py .test-unit.xml $$unit .test-live.xml $$(cat .test-live.rc) \
	  .test-walk.xml $$(cat .test-walk.rc)

bench: dev-venv
	$(PY) -m bench

clean:
	rm -rf .venv data/*.sqlite*
