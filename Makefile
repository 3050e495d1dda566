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
test: dev-venv chromium lint
	.venv/bin/pytest

bench: dev-venv
	$(PY) -m bench

clean:
	rm -rf .venv data/*.sqlite*
