# Two commands set everything up on a fresh machine:
#   make kit CASE=arnhem   builds a kit (installs what is missing first)
#   make test              runs the tests (installs what is missing first)
# Both also put `codio-print` on the PATH (scripts/install-launcher.sh).
VENV   ?= .venv
PY     := $(VENV)/bin/python
CLI    := $(VENV)/bin/codio-print
STAMP  := $(VENV)/.installed
CASE   ?= arnhem
ARGS   ?=

SEED   ?= 1
# The whole suite in a fixed order, two workers; it ends with the ten slowest tests and the
# total time. Kits are built once per run and shared (tests/kits.py).
PYTEST := $(PY) -m pytest -q -n 2 -p no:randomly

.PHONY: setup launcher kit kits test test-fast test-random corpus bench clean messages

$(STAMP): pyproject.toml scripts/setup-system.sh
	bash scripts/setup-system.sh
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

setup: $(STAMP) launcher

# codio-print by its bare name, from any folder, in a new shell.
launcher: $(STAMP)
	@bash scripts/install-launcher.sh

kit: setup
	$(CLI) build --case $(CASE) $(ARGS)

kits: setup
	for c in apeldoorn arnhem utrecht; do $(CLI) build --case $$c $(ARGS) || exit 1; done

test: setup
	$(PYTEST) --dist loadfile --durations=10

# The edit loop's answer: unit and safety tests, no kit is built.
test-fast: setup
	$(PYTEST) -m "not e2e and not kit" --durations=5

# The whole suite in a random order and split (pytest-randomly), e.g. make test-random SEED=7
test-random: setup
	$(PY) -m pytest -q -n 2 --dist load -p randomly --randomly-seed=$(SEED) --durations=10

# One line per mistake in the bad-input corpus (tests/bad/), as a user would see it.
corpus: $(STAMP)
	$(PY) tests/bad/corpus.py

clean:
	rm -rf build

# The message catalogs (src/codio_print/locale/): every _() of the code, in Dutch and English,
# extracted and compiled with Babel. Lists the Dutch texts still to write.
messages: $(STAMP)
	$(PY) scripts/messages.py

bench: $(STAMP)
	$(PY) bench/bench.py
