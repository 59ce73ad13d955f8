# Set-up and the two jobs of the README. Everything installs into .venv/ at the project root.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench clean chromium

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# torch first, pinned: the CPU build; an unpinned torch pulls several GB of CUDA wheels.
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

## The main job on the bundled sample data: read and store every sample document, print the
## comparison of the proposals, then open the app on them (http://localhost:8501; Ctrl-C stops).
DEMO_WS := .rfp_assist/demo
demo: $(STAMP)
	$(VENV)/bin/rfp-assist ingest corpora/rfp corpora/proposals corpora/msa --workspace $(DEMO_WS)
	$(VENV)/bin/rfp-assist compare --workspace $(DEMO_WS) --format table
	$(VENV)/bin/rfp-assist app --workspace $(DEMO_WS)

## Debian's chromium for the browser test (Playwright drives it; `playwright install` cannot
## download its own browser here).
chromium:
	@command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)

## The whole test suite.
test: $(STAMP) chromium
	$(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check rfp_assist tests bench
	$(VENV)/bin/ruff format --check rfp_assist tests bench
	$(VENV)/bin/mypy

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
