# Electives Abroad: `make run` serves a local copy with demo data; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCAL := DEBUG=1
# Quiet by default: `make run V=1` shows each step's messages, V=2 the developers' ones too.
V ?=
VERBOSITY := $(if $(V),$(V),0)
PIP_QUIET := $(if $(V),--quiet,--quiet --quiet)

.PHONY: run test install lint format migrate clean world-map

$(STAMP): pyproject.toml
	@$(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install $(PIP_QUIET) --disable-pip-version-check --upgrade pip
	@$(BIN)/pip install $(PIP_QUIET) --disable-pip-version-check -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

migrate: install
	@$(LOCAL) $(BIN)/python manage.py migrate --noinput -v $(VERBOSITY)

# The address and the curator's login are printed last, just before the server's own four
# lines (its system checks, already run by migrate, and its production warning are left out).
run: migrate
	@$(LOCAL) $(BIN)/python manage.py seed_demo --if-empty -v $(VERBOSITY)
	@$(LOCAL) $(BIN)/python manage.py seed_demo_debriefs --if-empty -v $(VERBOSITY)
	@$(LOCAL) $(BIN)/python manage.py import_travel_advisories --demo-dates -v $(VERBOSITY) \
		tests/data/travel_advisories.xml
	@$(LOCAL) $(BIN)/python manage.py demo_curator
	@$(LOCAL) DJANGO_RUNSERVER_HIDE_WARNING=$(if $(V),false,true) \
		$(BIN)/python manage.py runserver 127.0.0.1:8000 $(if $(V),,--skip-checks)

test: install node_modules/.installed
	$(LOCAL) $(BIN)/pytest $(PYTEST_ARGS)

# Redraw electives/data/world.json (committed) from the npm world-atlas outlines.
world-map: node_modules/.installed
	node electives/data/build_world_map.mjs

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3
