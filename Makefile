# make run: the app; make test: the whole suite; make bench: the benchmarks.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: run test bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(VENV)/bin/iah-assess gui

test: $(VENV)/.installed-test
	QT_QPA_PLATFORM=$${QT_QPA_PLATFORM:-offscreen} $(PY) -m pytest

bench: $(VENV)/.installed-test
	QT_QPA_PLATFORM=$${QT_QPA_PLATFORM:-offscreen} $(PY) tests/benchmarks/run.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
