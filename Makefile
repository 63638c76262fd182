# Every target creates .venv on first use, so a fresh clone needs only Python 3.11+ and make.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1
PORT   ?= 8000
# Test processes: one per core, at most four (many tests start builds that use two cores of their own).
TEST_WORKERS ?= auto

.PHONY: build serve watch test docs clean distclean

$(VENV)/.runtime-installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("newsdigest needs Python 3.11+") if sys.version_info < (3, 11) else None'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: $(VENV)/.runtime-installed
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

build: $(VENV)/.runtime-installed
	$(PY) build.py build

serve: $(VENV)/.runtime-installed
	$(PY) build.py serve --host $(HOST) --port $(PORT)

watch: $(VENV)/.runtime-installed
	$(PY) build.py watch

test: $(VENV)/.test-installed
	bash tests/setup-system.sh
	$(PY) -m pytest -n $(TEST_WORKERS) --maxprocesses 4

$(VENV)/.docs-installed: $(VENV)/.runtime-installed
	$(PY) -m pip install --quiet -e '.[docs]'
	touch $@

docs: $(VENV)/.docs-installed
	$(PY) -m mkdocs build --strict --site-dir site-docs

# The caches go; the copies of hand-edited output files a build kept in .newsdigest-cache/edited/ stay.
clean:
	rm -rf output site-docs
	if [ -d .newsdigest-cache ]; then find .newsdigest-cache -mindepth 1 -maxdepth 1 ! -name edited -exec rm -rf {} +; fi

distclean: clean
	rm -rf $(VENV)
