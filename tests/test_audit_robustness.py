"""Whatever text comes in, the audit finishes: damaged, shuffled or cut reports give findings, never a crash."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit_support import SEED
from jixiao.audit import audit_text

SEED_LINES = SEED.read_text(encoding="utf-8").split("\n") if SEED.is_file() else ["第一季度 1,000.00 250.00 25.00% 25% 1"]
PIECES = st.sampled_from(
    [
        *SEED_LINES[::7],
        "综合评分",
        "评分等级",
        "第四季度",
        "全年平均执行率",
        "共 5 人",
        "占调整预算数的 0%",
        "27.000.00",
        "| a | 1 | 2 |",
        "|---|",
        "自评表",
        "评分表",
        "0",
        "- 3 -",
        "编外人员控制率 0%",
        "调整预算数 0 万元",
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, max_size=60))
def test_any_arrangement_of_report_lines_is_audited(lines: list[str]) -> None:
    result = audit_text("\n".join(lines), "random.txt")
    assert result.counts().keys() == {"错误", "疑似", "提示"}


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400))
def test_any_text_is_audited(text: str) -> None:
    audit_text(text, "random.txt")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=len(SEED_LINES)), st.integers(min_value=0, max_value=len(SEED_LINES)))
def test_any_cut_of_the_seed_is_audited(start: int, end: int) -> None:
    audit_text("\n".join(SEED_LINES[min(start, end) : max(start, end)]), "cut.txt")
