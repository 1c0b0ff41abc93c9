# Verzuimwijzer — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PY    := .venv/bin/python
RASA  := $(PY) -m rasa
export PYTHONPATH := $(CURDIR)
export TF_CPP_MIN_LOG_LEVEL := 2
export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

.PHONY: setup setup-system train run test test-unit validate test-stories test-e2e eval bench clean

setup:                 ## Python 3.10 venv, pinned packages, Dutch spaCy pipeline (idempotent)
	bash scripts/setup.sh

setup-system:          ## the above plus Debian packages for the tests (chromium, postgresql, redis)
	bash scripts/setup.sh --system

train: setup           ## train only when config, domain or data changed
	$(PY) scripts/train.py

run: train             ## action server :5055, Rasa REST :5005, widget demo :8080
	$(PY) scripts/run.py

test: setup-system     ## everything CI runs
	$(MAKE) test-unit
	$(MAKE) validate
	$(PY) scripts/train.py
	$(MAKE) test-stories
	$(MAKE) test-e2e
	@echo "make test: all stages passed"

test-unit:             ## engine, actions, privacy, NLU hygiene: fast, no servers
	$(PY) -m pytest -q -m "not e2e and not browser and not integration" tests

validate:              ## generated NLU is current; Rasa data is consistent
	$(PY) scripts/generate_nlu.py --check
	$(PY) scripts/validate.py

test-stories:          ## dialogue: every flow in tests/stories, no prediction errors allowed
	$(RASA) test core --model models/verzuimwijzer.tar.gz --stories tests/stories \
	  --fail-on-prediction-errors --out results/core

test-e2e:              ## real servers: REST conversations, widget in headless Chromium, replicas
	$(PY) -m pytest -q -m "e2e or browser or integration" tests

eval:                  ## NLU cross-validation (5 folds) + held-out Dutch test set
	$(PY) scripts/nlu_eval.py

bench: train           ## latency/throughput/memory vs the stock `rasa init` bot
	$(PY) scripts/bench.py

clean:
	rm -rf models/verzuimwijzer.* results var/logs artifacts
