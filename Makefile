# Set-up and everyday commands. From nothing but python3 (>= 3.11) and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SAMPLE := briefings/coree-du-nord-russie.xml

.PHONY: install run test lint bench soak clean bytecode

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(MAKE) --no-print-directory bytecode
	touch $(STAMP)

# Compiled once, as an installed package is: the benchmarks time the program, not the compiler
# (and this machine sets PYTHONDONTWRITEBYTECODE, so Python would never keep its own copies).
bytecode:
	$(BIN)/python -m compileall -q viewer

# First: a display to open the window on, and the system libraries Qt's X11 plugin needs (installed
# with apt-get as root on Debian/Ubuntu; otherwise one line says what to install, and nothing starts).
run: install
	@$(BIN)/python -m viewer.platform_check --install
	$(BIN)/briefing-viewer $(or $(FILE),$(SAMPLE))

lint: install
	$(BIN)/ruff check viewer tests bench
	$(BIN)/ruff format --check viewer tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache --no-logo

test: lint
	$(BIN)/python -m pytest -q

# The monkey soak of the real window for SOAK_MINUTES minutes with new seeds (SOAK_SEED=n replays one).
SOAK_MINUTES ?= 10
soak: install
	SOAK_MINUTES=$(SOAK_MINUTES) $(BIN)/python -m pytest -q -s -p no:cacheprovider tests/ui/test_soak.py -k soak_for_minutes

bench: install bytecode
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache bench/data
