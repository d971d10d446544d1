# The two commands of the README: `make demo` and `make test`. Each sets up .venv on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: setup demo test lint bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml constraints/translate.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints/translate.txt -e '.[dev,translate]'
	touch $(STAMP)

demo: setup
	$(BIN)/parlarchive --data data demo
	$(BIN)/parlarchive --data data serve

lint: setup
	$(BIN)/ruff check .

# Two workers, a test file each at a time (module fixtures built once): 91 s on 2 cores, against 177 s serially.
test: setup lint
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

# The run table of issue 18 at one size (bench/run.py): generate, import, build, query, web; bench/RESULTS.md.
RECORDS ?= 20000
bench: setup
	$(BIN)/python -m bench.run --records $(RECORDS)

clean:
	rm -rf $(VENV) data .pytest_cache .ruff_cache *.egg-info
