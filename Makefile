# Two commands: `make run` serves the app with demo data; `make test` runs ruff and every test.
PY := .venv/bin/python
PIP := .venv/bin/pip
PORT ?= 8501
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test lint format bench venv dev-venv chromium clean

.venv/.runtime: requirements.txt
	test -x $(PY) || python3 -m venv .venv
	$(PIP) install --disable-pip-version-check -q -r requirements.txt
	touch $@

.venv/.dev: requirements-dev.txt requirements.txt .venv/.runtime
	$(PIP) install --disable-pip-version-check -q -r requirements-dev.txt
	touch $@

venv: .venv/.runtime
dev-venv: .venv/.dev

chromium:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

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

test: dev-venv chromium lint
	.venv/bin/pytest

bench: dev-venv
	$(PY) -m bench

clean:
	rm -rf .venv data/*.sqlite*
