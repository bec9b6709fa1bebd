# Set-up is two commands: `make console` (or `make run` for the Discord bot) and `make test`.
# Each creates or updates the local virtual environment in .venv from pyproject.toml and the
# exact pins in constraints.txt; nothing else needs to be installed first.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
FACTS  ?= facts
SEEDS  ?= seeds
# What was published, for `make validate` and `make diff`: origin/main when this clone has it,
# else HEAD, else nothing (not a git checkout). `make validate SINCE=` checks no published ids.
SINCE  ?= $(shell git rev-parse --verify -q origin/main >/dev/null 2>&1 && echo origin/main \
            || (git rev-parse --verify -q HEAD >/dev/null 2>&1 && echo HEAD))

.PHONY: venv run doctor console test test-fast lint validate coverage diff bench clean

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "sahel-factbot needs Python 3.11 or newer; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	PIP_CONSTRAINT=constraints.txt $(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

venv: $(STAMP)

# Settings come from the environment and from .env beside the Makefile, which factbot reads
# itself (the environment wins; no shell expansion of $ or spaces in values).
run: $(STAMP)
	exec $(BIN)/factbot run

# make doctor ARGS=--offline skips the checks that need Discord.
doctor: $(STAMP)
	exec $(BIN)/factbot doctor $(ARGS)

console: $(STAMP)
	$(BIN)/factbot console --facts $(FACTS) --seeds $(SEEDS)

validate: $(STAMP)
	$(BIN)/factbot validate --facts $(FACTS) --seeds $(SEEDS) $(if $(SINCE),--since $(SINCE))

# The alerts your changes since SINCE (default origin/main, else HEAD) would post.
diff: $(STAMP)
	$(BIN)/factbot diff --facts $(FACTS) --seeds $(SEEDS) $(if $(SINCE),--since $(SINCE))

coverage: $(STAMP)
	$(BIN)/factbot coverage --facts $(FACTS) --seeds $(SEEDS)

# The answering core (factbot bench), loading a 100k-fact base, then alert fan-out to 10k
# channels through the loopback Discord; each beside a naive implementation.
bench: $(STAMP)
	$(BIN)/factbot bench
	$(BIN)/python -m bot.bench.loading
	$(BIN)/python -m tests.bench.fan_out
	$(BIN)/python -m tests.bench.fairness

lint: $(STAMP)
	$(BIN)/ruff check bot tests
	$(BIN)/mypy

test: $(STAMP) lint validate
	$(BIN)/factbot coverage --facts $(FACTS) --seeds $(SEEDS) --summary
	$(BIN)/python -m pytest

# The core's tests only (no loopback Discord, no processes, no databases): about 25 seconds.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not e2e"

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
