# boucle - two commands do all set-up on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | sha256sum | cut -c1-12)
STAGE ?= prod

.PHONY: venv run test lint bench package deploy clean

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "boucle needs Python 3.11+")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip<26.3"  # chalice packages with pip and pins it below 26.3
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@rm -f $(VENV)/.installed-* && touch $@

venv: $(STAMP)

## run: the whole stack locally (moto, chalice local, event pump, SMTP drop); Ctrl-C stops it
run: venv
	$(PY) -m infra.local.run

# The browser tests drive Debian's Chromium (no browser download: Playwright uses this binary).
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ]; then APT=; else APT=sudo; fi; \
	  DEBIAN_FRONTEND=noninteractive $$APT apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$APT apt-get install -y -qq chromium

## test: lint, then every test (unit, handlers, real local stack end to end, real browser, packaging)
test: venv $(CHROMIUM)
	$(PY) -m ruff check .
	$(PY) -m pytest

lint: venv
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

## bench: every benchmark script; one JSON object per line
bench: venv
	@for script in bench/bench_*.py; do $(PY) $$script || exit 1; done

## package: build/sam.yaml (the whole stack: template.yaml + functions) and build/deployment.zip for STAGE
package: venv
	$(PY) -m infra.package --stage $(STAGE) build

.PHONY: cfnlint
## cfnlint: cfn-lint on the packaged template (no errors, no warnings)
cfnlint: package
	$(VENV)/bin/cfn-lint build/sam.yaml

# deploy: AWS CLI v2 + credentials for the target account (docs/DEPLOY.md).
STACK ?= boucle-$(STAGE)
DEPLOY_BUCKET ?=
INBOUND_DOMAIN ?=
PUBLIC_URL ?=
PARAMS ?=
ACTIVATE_RULE_SET ?= 1
MAIL_IDENTITY ?= $(INBOUND_DOMAIN)
AWS ?= aws
STACK_OUTPUT = $(AWS) cloudformation describe-stacks --stack-name $(STACK) --output text --query "Stacks[0].Outputs[?OutputKey=='$(1)'].OutputValue"

## deploy: package, upload the code to DEPLOY_BUCKET, create/update stack STACK, wire SES (rule set, bounces)
deploy: package
	@test -n "$(DEPLOY_BUCKET)" || { echo "set DEPLOY_BUCKET=<an S3 bucket for code artifacts, same Region>"; exit 2; }
	@test -n "$(INBOUND_DOMAIN)" || { echo "set INBOUND_DOMAIN=<the domain SES receives customer mail for>"; exit 2; }
	$(AWS) cloudformation package --template-file build/sam.yaml --s3-bucket $(DEPLOY_BUCKET) \
	  --s3-prefix $(STACK) --output-template-file build/packaged.yaml
	$(AWS) cloudformation deploy --template-file build/packaged.yaml --stack-name $(STACK) \
	  --capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND --no-fail-on-empty-changeset \
	  --tags app=boucle stage=$(STAGE) \
	  --parameter-overrides Stage=$(STAGE) InboundDomain=$(INBOUND_DOMAIN) $(if $(PUBLIC_URL),PublicUrl=$(PUBLIC_URL)) $(PARAMS)
	$(if $(filter 1,$(ACTIVATE_RULE_SET)),$(AWS) ses set-active-receipt-rule-set --rule-set-name "$$($(call STACK_OUTPUT,InboundRuleSetName))")
	for kind in Bounce Complaint; do $(AWS) ses set-identity-notification-topic --identity $(MAIL_IDENTITY) \
	  --notification-type $$kind --sns-topic "$$($(call STACK_OUTPUT,SesNotificationsTopicArn))" || exit 1; done
	@echo "API: $$($(call STACK_OUTPUT,EndpointURL))"

clean:
	rm -rf build .pytest_cache .ruff_cache .hypothesis
