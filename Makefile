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

.PHONY: setup launcher kit kits test corpus bench clean

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
	$(PY) -m pytest -q -n 2 --dist loadfile

# One line per mistake in the bad-input corpus (tests/bad/), as a user would see it.
corpus: $(STAMP)
	$(PY) tests/bad/corpus.py

clean:
	rm -rf build

bench: $(STAMP)
	$(PY) bench/bench.py
