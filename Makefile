# The two commands of the README: `make example` and `make test`. Each one installs what it needs first.
PY ?= python3
PIP = $(PY) -m pip install --quiet --disable-pip-version-check --root-user-action=ignore

.PHONY: setup example test lint

setup:
	$(PIP) -e '.[dev]'
	@# LibreOffice re-saves a written workbook in the workbook tests; installed only where it is missing.
	@command -v soffice >/dev/null 2>&1 || { \
		SUDO=$$(command -v sudo >/dev/null 2>&1 && [ "$$(id -u)" != 0 ] && echo sudo); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui; }

example: setup
	jixiao score examples/shenzhen-ccpit-2023.yaml

lint:
	ruff check src tests bench
	mypy

test: setup lint
	$(PY) -m pytest
