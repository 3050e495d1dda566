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
# Two pytest runs side by side on the 2 cores: the live suites (a real server + Chromium, mostly
# waiting) beside the rest (CPU-bound). The live run's output follows the other's; the last line
# sums both ("N passed, N failed, N skipped"); either failing, or collecting nothing, fails make.
LIVE_TESTS := tests/browser tests/server
test: dev-venv chromium lint
	@rm -f .test-unit.xml .test-live.xml .test-live.log; mkdir -p .test-tmp
	@( .venv/bin/pytest $(LIVE_TESTS) --basetemp=.test-tmp/live --junitxml=.test-live.xml > .test-live.log 2>&1; \
	   echo $$? > .test-live.rc ) & \
	.venv/bin/pytest $(addprefix --ignore=,$(LIVE_TESTS)) --basetemp=.test-tmp/unit --junitxml=.test-unit.xml; \
	unit=$$?; wait; \
	echo "---- $(LIVE_TESTS) ----"; cat .test-live.log; \
	$(PY) tests/summarize.py .test-unit.xml $$unit .test-live.xml $$(cat .test-live.rc)

bench: dev-venv
	$(PY) -m bench

clean:
	rm -rf .venv data/*.sqlite*
