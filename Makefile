# The two commands of the README: `make example` and `make test`. Each one installs what it needs first, into a
# virtual environment of the project's own (.venv), so that a stock Debian Python, which refuses `pip install`
# outside one (externally-managed-environment), works as well as any other. PYTHON picks the interpreter that
# creates it: `make test PYTHON=/usr/bin/python3`.
PYTHON ?= python3
VENV ?= .venv
PY = $(VENV)/bin/python
PIP = $(PY) -m pip install --quiet --disable-pip-version-check
JIXIAO = $(VENV)/bin/jixiao

.PHONY: setup example serve test lint mutation mutation-sample clean-venv

# Debian packages: LibreOffice Writer turns the Word report into PDF, Calc re-saves a written workbook in the
# workbook tests, poppler-utils reads PDFs back in the tests, and CJK fonts stand in for the official ones;
# python3-venv lets a stock Debian Python create the project's environment; postgresql is the server the store's
# tests also run against (a throw-away cluster, tools/throwaway-postgres); chromium is the browser the web
# workspace's tests drive through Playwright (pointed at /usr/bin/chromium: Playwright downloads no browser). Each is
# installed only when missing, so a machine that has them is not touched.
APT_PACKAGES = libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-noto-cjk fonts-wqy-microhei \
  postgresql chromium

define apt_install
	@missing=""; \
	for package in $(1); do \
	  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "install ok installed" || \
	    missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if command -v apt-get >/dev/null; then \
	    echo "installing:$$missing"; \
	    SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	    $$SUDO apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else \
	    echo "missing (install them to produce PDF reports):$$missing"; \
	  fi; \
	fi
endef

# The environment is made once; a failed creation (Debian without python3-venv) leaves nothing half-made.
$(PY):
	@if ! $(PYTHON) -m venv --help >/dev/null 2>&1 || ! $(PYTHON) -c 'import ensurepip' 2>/dev/null; then \
	  if command -v dpkg-query >/dev/null && [ "$$($(PYTHON) -c 'import sys; print(sys.prefix)')" = /usr ]; then \
	    echo "installing: python3-venv"; \
	    SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	    $$SUDO apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends python3-venv >/dev/null; \
	  fi; \
	fi
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip

setup: $(PY)
	$(PIP) -e '.[dev]'
	$(call apt_install,$(APT_PACKAGES))

example: setup
	$(JIXIAO) score examples/shenzhen-ccpit-2023.yaml
	$(JIXIAO) report examples/shenzhen-ccpit-2023.yaml --overwrite -o out/shenzhen-ccpit-2023.docx \
	  -o out/shenzhen-ccpit-2023.pdf -o out/shenzhen-ccpit-2023.html -o out/shenzhen-ccpit-2023.md

# The web workspace on a fresh SQLite store (out/serve.db) holding the bundled examples, at http://127.0.0.1:8000/,
# with one demonstration account of each role, all with the password below (for trying it out only).
DEMO_PASSWORD = jixiao-demo-2023
DEMO_USER = printf '%s\n' '$(DEMO_PASSWORD)' | $(JIXIAO) user add --password-stdin --db out/serve.db

serve: setup
	@mkdir -p out && rm -f out/serve.db out/serve.db-wal out/serve.db-shm
	$(JIXIAO) db init --db out/serve.db
	$(JIXIAO) import examples/shenzhen-ccpit-2023.yaml examples/national-department-2023.yaml --type 行政单位 \
	  --db out/serve.db
	$(JIXIAO) import examples/project-self-2023.yaml --type 事业单位 --db out/serve.db
	@$(DEMO_USER) 管理员 --role 管理员
	@$(DEMO_USER) 评价员 --role 财政局评价人员
	@$(DEMO_USER) 第三方 --role 第三方评价机构 --department 某县农业农村局
	@$(DEMO_USER) 贸促委 --role 部门填报人员 --department 深圳市贸促委
	@echo "演示账户：管理员、评价员、第三方、贸促委，密码均为 $(DEMO_PASSWORD)"
	$(JIXIAO) serve --db out/serve.db

lint:
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/mypy

# The tests run with a throw-away PostgreSQL server (a cluster in a temporary folder, a Unix socket only), which is
# stopped and removed afterwards whatever the tests' outcome.
test: setup lint
	@dir=$$(mktemp -d /tmp/jixiao-pg.XXXXXX); \
	url=$$(tools/throwaway-postgres start $$dir/pg) || { tools/throwaway-postgres stop $$dir/pg; rm -rf $$dir; exit 1; }; \
	JIXIAO_TEST_POSTGRESQL="$$url" $(PY) -m pytest; status=$$?; \
	tools/throwaway-postgres stop $$dir/pg; rm -rf $$dir; exit $$status

# Mutation testing (docs/mutation.md): mutmut plants small bugs in the scoring, target-judging, number- and
# cell-reading, audit-rate, formula, catalogue, trace and case-binding code, one at a time, and runs the tests that
# reach each; a bug no test notices is a survivor. Configured in pyproject.toml ([tool.mutmut]). The first 3,500
# mutants took 22 minutes with one worker on the shared two-core machine (2026-12-04); the four modules added since
# (about 3,700 more) take longer, each test reaching the formula reader; `make mutation-sample` (the first five mutants of each
# function, about a sixth of them) is the quick one. mutmut keeps its verdicts in mutants/ and re-runs only what
# changed; delete it to start afresh.
MUTMUT = $(VENV)/bin/mutmut run --max-children 2

mutation: setup
	$(MUTMUT)
	$(PY) bench/mutation_report.py

mutation-sample: setup
	$(MUTMUT) '*__mutmut_[1-5]'
	$(PY) bench/mutation_report.py

clean-venv:
	rm -rf $(VENV)
