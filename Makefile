# make book   - create .venv if needed, install, run every chapter, build _build/html
# make test   - create .venv if needed, install, run the whole test suite
# make bench  - run the benchmarks in bench/ and print their tables
#
# Exact versions come from constraints.txt (shared with environment.yml). The data
# directory is ../shared/data when it exists (override: make book DATA_DIR=/path).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DATA_DIR ?= $(if $(wildcard ../shared/data),$(abspath ../shared/data),)
export MOVESIG_DATA_DIR := $(or $(DATA_DIR),$(MOVESIG_DATA_DIR))
export MPLBACKEND ?= Agg
# pytest workers: 2 on CI's 2 cores; override with make test JOBS=1
JOBS ?= 2

.PHONY: book test bench clean browser

$(BIN)/.installed: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test,dask]"
	touch $@

# One run at a time: on 2 cores two at once (movesig book --jobs 2) gained 23 s of 27 min,
# each run then taking about twice its time (see README)
book: $(BIN)/.installed
	$(BIN)/movesig book

# The browser test opens the built book in the distribution's Chromium: installed here when missing (as root).
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    chromium chromium-driver >/dev/null; } || echo "no Chromium could be installed: the browser test will skip"

test: $(BIN)/.installed browser
	$(BIN)/python -m pytest -n $(JOBS) --dist loadgroup --durations=10

bench: $(BIN)/.installed
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

# Removes only what the build made (never data, never the virtual environment).
clean:
	rm -rf _build _runs
