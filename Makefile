# Bản đồ PCCC — developer commands. Each target installs what it needs first (.ci/setup).
.PHONY: run test lint format bench sample

PORT ?= 8501
WARD ?= geodata/sample
PUBLIC ?=

run:  ## start the dashboard (sample ward: its working copy var/wards/sample); no prompt, stdin not needed; PUBLIC=1: office network, sign-in required
	@.ci/setup </dev/null
	.venv/bin/python -m dashboard --ward $(WARD) --port $(PORT) $(if $(filter 1 yes true,$(PUBLIC)),--public)

test:  ## lint, then every test: unit, AppTest pages and browser tests in Chromium
	@.ci/setup --test --browser
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/python -m pytest

lint:
	@.ci/setup --test
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format:
	@.ci/setup --test
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

bench:  ## print the performance figures (never asserts on time)
	@.ci/setup --test --browser
	.venv/bin/python benchmarks/map_render.py
	.venv/bin/python benchmarks/analysis_speed.py
	.venv/bin/python benchmarks/siting_speed.py
	.venv/bin/python benchmarks/import_speed.py
	.venv/bin/python benchmarks/commit_speed.py
	.venv/bin/python benchmarks/geocode_speed.py
	.venv/bin/python benchmarks/plan_history.py
	.venv/bin/python benchmarks/mapbook_speed.py
	.venv/bin/python benchmarks/load_sessions.py

sample:  ## regenerate the embedded synthetic sample ward
	@.ci/setup
	.venv/bin/pccc sample geodata/sample --force
