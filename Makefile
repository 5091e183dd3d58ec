# The README's two commands are `make verify` and `make test`; each sets up
# what it needs on a fresh clone (a virtual environment in .venv).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# setuptools explains editable installs in a 10-line banner on every install;
# a person setting up wants to see errors, not that.
PIP := PYTHONWARNINGS="ignore:Editable installation:UserWarning" $(BIN)/python -m pip

.PHONY: verify test lint bench clean golden catalog site notebooks lab

# Runtime install: the package and TensorFlow. Installing compiles the message
# catalogues (setup.py), so a changed .po file installs again.
CATALOGUES := $(wildcard keras_recipes/locale/*/LC_MESSAGES/*.po)
$(VENV)/.base: pyproject.toml setup.py $(CATALOGUES)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e .
	touch $@

# Everything the tests, notebooks and benchmarks need on top.
$(VENV)/.dev: $(VENV)/.base
	$(PIP) install --quiet -e '.[dev]'
	touch $@

verify: $(VENV)/.base
	$(BIN)/keras-recipes verify

PY_SOURCES := keras_recipes tests benchmarks notebooks scripts

# One pytest worker per core: the suite is mostly TensorFlow work in
# separate tests, and every test writes only under its own temporary folder.
# loadgroup keeps the tests of one notebook on one worker, which
# runs it once, instead of a second worker waiting for that run.
test: $(VENV)/.dev system-packages browser lint
	$(BIN)/python -m pytest -n auto --dist loadgroup

# Diagrams need Graphviz's `dot`, and Chinese text in diagrams and curves a
# font with Traditional Chinese (Noto Sans CJK): system packages, installed here
# when the package manager runs without a prompt, else the exact command to
# type (the package names the commands, so the environment comes first).
.PHONY: system-packages diagrams
system-packages: $(VENV)/.base
	@sh scripts/ensure-system-packages.sh $(BIN)/python

# The browser the website's tests open the site in (headless Chromium), the same way.
.PHONY: browser
browser: $(VENV)/.base
	@sh scripts/ensure-system-packages.sh $(BIN)/python browser

# One PNG per recipe (and per variant) in diagrams/, which git ignores.
diagrams: $(VENV)/.base system-packages
	$(BIN)/keras-recipes diagrams --out diagrams

# When a change to what the program prints is meant: rewrite tests/golden/
# (English) and tests/golden/zh-TW/ from the program's output now, then review
# `git diff tests/golden`.
golden: $(VENV)/.dev
	$(BIN)/python -m pytest tests/test_golden.py tests/test_students.py --regen-golden -q

# After marking or changing messages in the code: bring every .po up to date
# (new messages get an empty translation to fill in) and compile it.
catalog: $(VENV)/.dev
	$(BIN)/python scripts/catalog.py

# Lint, formatting and types: part of `make test`.
lint: $(VENV)/.dev
	$(BIN)/ruff check $(PY_SOURCES)
	$(BIN)/ruff format --check $(PY_SOURCES)
	$(BIN)/mypy keras_recipes scripts

# Timings beside their targets: every benchmarks/bench_*.py in turn.
bench: $(VENV)/.dev
	$(BIN)/python benchmarks/run.py

# The course as a website in site/ (git-ignored), both editions with every output. Notebooks
# run only when they or the package changed: runs are kept in .cache/notebooks/, which
# make test and make notebooks share. Serve it with: python3 -m http.server -d site
#
# The site also serves the package's wheel, which a notebook downloaded from it installs
# wherever it runs (Colab): SITE_URL is where the site will be published, written into the
# downloadable notebooks (default: site_url in mkdocs.yml), e.g.
# make site SITE_URL=https://example.github.io/keras-recipes/
SITE_URL ?=
site: $(VENV)/.dev system-packages
	$(BIN)/python scripts/build_site.py --out site $(if $(SITE_URL),--site-url '$(SITE_URL)')

# The executed notebooks beside their sources (notebooks/<edition>/*.ipynb, git-ignored).
notebooks: $(VENV)/.dev system-packages
	$(BIN)/python scripts/live_notebooks.py

# JupyterLab on those notebooks, with a kernel per edition. JupyterLab is installed here,
# not by make verify or make test. As root (a container), Jupyter must be told it may run.
$(VENV)/.lab: $(VENV)/.dev
	$(PIP) install --quiet 'jupyterlab>=4.2'
	touch $@

lab: $(VENV)/.lab system-packages
	$(BIN)/python scripts/live_notebooks.py --kernels
	$(BIN)/jupyter lab notebooks $$([ "$$(id -u)" = 0 ] && echo --allow-root)

clean:
	rm -rf $(VENV) build site .cache *.egg-info .pytest_cache .mypy_cache .ruff_cache
