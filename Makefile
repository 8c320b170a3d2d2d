# Ask Shared Services. The README's two commands are `make run` and `make test`; each does all
# the set-up it needs. Everything else here is a step they share.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
export UV_PYTHON_DOWNLOADS := never
export PIP_DISABLE_PIP_VERSION_CHECK := 1

VENV      := .venv
VENV_RASA := .venv-rasa
PY        := $(VENV)/bin/python
UV        := $(VENV)/bin/uv
RASA      := $(VENV_RASA)/bin/rasa
MODEL     := bot/models/assistant.tar.gz
SPACY     := bot/spacy_pipeline/meta.json
# Rasa runs from the repository root so config.yml's paths and bot/components resolve.
RASA_ENV  := PYTHONPATH=$(CURDIR) TF_CPP_MIN_LOG_LEVEL=2 RASA_TELEMETRY_ENABLED=false \
             SQLALCHEMY_SILENCE_UBER_WARNING=1 \
             TF_INTRA_OP_PARALLELISM_THREADS=1 TF_INTER_OP_PARALLELISM_THREADS=1
BOT_DATA  := $(shell find bot/domain bot/data bot/components nlu_data -type f 2>/dev/null) \
             bot/sentence_encoder.py
WIDGET_DIR := integrations/web/widget
WIDGET     := $(WIDGET_DIR)/dist/widget.js
WIDGET_SRC := $(shell find $(WIDGET_DIR)/src -type f 2>/dev/null) $(WIDGET_DIR)/build.mjs

.PHONY: help run test env train validate test-python test-stories test-calendar lint lock clean db eval \
        bench widget browser test-load

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

run: env .env $(MODEL) widget ## start the whole assistant (Ctrl-C stops it); PROFILE=scale-out: on PG, Redis, RabbitMQ
ifeq ($(PROFILE),scale-out)
	$(PY) -m scripts.scale_out_env .env.scale-out
	$(PY) -m scripts.stack --env-file .env.scale-out
else
	$(PY) -m scripts.stack
endif

test: env .env $(MODEL) validate widget browser ## set everything up and run every test
	$(PY) -m pytest --junitxml=var/e2e-junit.xml
	$(MAKE) --no-print-directory test-stories

env: $(VENV)/.synced $(VENV_RASA)/.synced ## create or update both Python environments from the lock files

.env:
	cp .env.example .env
	@echo "created .env from .env.example"

$(VENV)/bin/uv:
	py="$$(scripts/find_python.sh 3.12)" && "$$py" -m venv $(VENV)
	$(VENV)/bin/pip install -q --require-hashes -r requirements/bootstrap.lock

$(VENV)/.synced: requirements/main.lock $(VENV)/bin/uv
	$(UV) pip sync -q --python $(PY) requirements/main.lock
	touch $@

$(VENV_RASA)/.synced: requirements/rasa.lock $(VENV)/bin/uv
	test -x $(VENV_RASA)/bin/python || $(UV) venv -q --python "$$(scripts/find_python.sh 3.10)" $(VENV_RASA)
	$(UV) pip sync -q --python $(VENV_RASA)/bin/python requirements/rasa.lock
	touch $@

widget: $(WIDGET) ## build the web widget (GOV.UK Frontend from npm) into integrations/web/widget/dist

$(WIDGET_DIR)/node_modules/.package-lock.json: $(WIDGET_DIR)/package-lock.json
	@command -v npm >/dev/null || { echo "make widget needs Node.js 20 or later and npm" \
	  "(Debian: apt-get install nodejs npm)"; exit 1; }
	cd $(WIDGET_DIR) && npm ci --no-audit --no-fund --loglevel=error

$(WIDGET): $(WIDGET_DIR)/node_modules/.package-lock.json $(WIDGET_SRC)
	cd $(WIDGET_DIR) && node build.mjs

browser: ## Debian's chromium for the widget's browser tests (installed with apt when root)
	scripts/install_browser.sh

$(SPACY): scripts/build_spacy_pipeline.py nlu_data/entity_patterns.yml $(VENV_RASA)/.synced
	$(VENV_RASA)/bin/python scripts/build_spacy_pipeline.py

train: $(MODEL) ## train the Rasa model (only when the data or config changed)

$(MODEL): $(VENV_RASA)/.synced $(SPACY) config.yml $(BOT_DATA)
	$(RASA_ENV) $(RASA) train --config config.yml --domain bot/domain --data bot/data nlu_data \
	  --out bot/models --fixed-model-name assistant
	touch $@

validate: $(VENV_RASA)/.synced $(SPACY) ## check the training data and domain for conflicts
	$(RASA_ENV) $(RASA) data validate --fail-on-warnings --config config.yml --domain bot/domain \
	  --data bot/data nlu_data

test-python: env .env $(MODEL) widget browser ## pytest only (domain, API, actions, gateway, end to end)
	$(PY) -m pytest

test-load: env .env $(MODEL) widget ## the full load run (50 conversations x 20 messages) on one Rasa and on two replicas
	LOAD_SIZE=full $(PY) -m pytest tests/e2e/test_load.py tests/scale_out/test_load.py

test-calendar: env ## domain, API, action and gateway suites as of awkward days (DAYS="2027-03-31 ...")
	$(PY) -m scripts.calendar_sweep $(DAYS)

test-stories: $(MODEL) ## Rasa conversation tests (tests/bot/test_stories.yml)
	$(RASA_ENV) $(RASA) test core --e2e --model $(MODEL) --stories tests/bot/test_stories.yml \
	  --fail-on-prediction-errors --out var/rasa-test-results

eval: $(VENV_RASA)/.synced $(MODEL) ## NLU cross-validation, held-out and off-topic sets, stories -> reports/eval.md
	$(RASA_ENV) $(VENV_RASA)/bin/python -m scripts.eval $(EVAL_ARGS)

bench: env .env $(MODEL) ## latency, throughput, memory, start-up, training vs a stock rasa init -> reports/bench.md
	$(PY) -m scripts.bench $(BENCH_ARGS)

db: env .env ## migrate the API database and seed the synthetic department if it is empty
	$(PY) -m api.cli init-db

lint: env ## ruff and mypy
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy api actions integrations

lock: $(VENV)/bin/uv ## re-resolve requirements/*.in into the hash-pinned lock files
	$(UV) pip compile -q --generate-hashes requirements/bootstrap.in -o requirements/bootstrap.lock
	$(UV) pip compile -q --python-version 3.12 --generate-hashes requirements/main.in \
	  -o requirements/main.lock
	$(UV) pip compile -q --python-version 3.10 --python-platform x86_64-manylinux_2_28 \
	  --generate-hashes --no-emit-package jax --no-emit-package jaxlib \
	  --override requirements/rasa-overrides.txt requirements/rasa.in -o requirements/rasa.lock

clean: ## remove the environments, the model and local data
	rm -rf $(VENV) $(VENV_RASA) bot/models bot/spacy_pipeline var .rasa \
	  $(WIDGET_DIR)/node_modules $(WIDGET_DIR)/dist
