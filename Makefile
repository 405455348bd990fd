# The two commands of the README: `make example` and `make test`. Each one installs what it needs first.
PY ?= python3
PIP = $(PY) -m pip install --quiet --disable-pip-version-check --root-user-action=ignore

.PHONY: setup example test lint

setup:
	$(PIP) -e '.[dev]'

example: setup
	jixiao score examples/shenzhen-ccpit-2023.yaml

lint:
	ruff check src tests bench
	mypy

test: setup lint
	$(PY) -m pytest
