# The two commands of the README: `make example` and `make test`. Each one installs what it needs first.
PY ?= python3
PIP = $(PY) -m pip install --quiet --disable-pip-version-check --root-user-action=ignore

.PHONY: setup example test lint

# Debian packages: LibreOffice Writer turns the Word report into PDF, Calc re-saves a written workbook in the
# workbook tests, poppler-utils reads PDFs back in the tests, and CJK fonts stand in for the official ones.
# Each is installed only when missing, so a machine that has them is not touched.
APT_PACKAGES = libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-noto-cjk fonts-wqy-microhei

setup:
	$(PIP) -e '.[dev]'
	@missing=""; \
	for package in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "install ok installed" || \
	    missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if command -v apt-get >/dev/null; then \
	    echo "installing:$$missing"; \
	    SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	    $$SUDO apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	  else \
	    echo "missing (install them to produce PDF reports):$$missing"; \
	  fi; \
	fi

example: setup
	jixiao score examples/shenzhen-ccpit-2023.yaml
	jixiao report examples/shenzhen-ccpit-2023.yaml -o out/shenzhen-ccpit-2023.docx \
	  -o out/shenzhen-ccpit-2023.pdf -o out/shenzhen-ccpit-2023.html -o out/shenzhen-ccpit-2023.md

lint:
	ruff check src tests bench
	mypy

test: setup lint
	$(PY) -m pytest
