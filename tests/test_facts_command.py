"""`jixiao facts`: the catalogue of figures and measures, which indicators read each, and the doc's table."""

from __future__ import annotations

import json
import re
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from jixiao.cli import main
from jixiao.facts.catalogue import common
from jixiao.facts.doc_table import BEGIN, END, between_markers, common_table, with_table
from jixiao.facts.load import case_from_data
from jixiao.frameworks import parse_framework
from jixiao.yamlsource import parse_yaml

ROOT = Path(__file__).resolve().parents[1]
DOC = (ROOT / "docs" / "frameworks.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```yaml\n(.*?)```", DOC, flags=re.S)
EXAMPLE = ROOT / "examples" / "shenzhen-ccpit-2023.yaml"


def _run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["jixiao", *args])
    monkeypatch.setenv("COLUMNS", "220")
    with pytest.raises(SystemExit) as exit_:
        main()
    captured = capsys.readouterr()
    return int(exit_.value.code or 0), captured.out, captured.err


def _json(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str) -> dict[str, Any]:
    code, out, err = _run(capsys, monkeypatch, "facts", "--json", *args)
    assert code == 0 and err == ""
    listing = json.loads(out)
    assert isinstance(listing, list)
    return {entry["id"]: entry for entry in listing}


def test_the_terminal_listing_names_every_common_figure(capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = _run(capsys, monkeypatch, "facts")
    assert code == 0 and err == ""
    for heading in ("编号", "名称", "单位", "类型", "填写位置", "是否必填"):
        assert heading in out
    assert "使用的指标" not in out  # no framework asked about, so no one to name
    for figure_id in common().figures:
        assert figure_id in out, figure_id
    assert "staff.outside_quota" in out and "计量项（数量）" in out


def test_json_has_the_fields_with_their_values(capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    entries = _json(capsys, monkeypatch)
    assert set(common().figures) | set(common().formulas) == set(entries)
    paid = entries["procurement.paid"]
    assert {k: paid[k] for k in ("id", "label", "type", "kind", "kind_label", "unit", "where", "required")} == {
        "id": "procurement.paid", "label": "实际采购支付金额", "type": "figure", "kind": "amount",
        "kind_label": "金额", "unit": "万元", "where": "“政府采购”表“实际采购支付金额”行", "required": True}
    assert "indicators" not in paid  # only with --framework
    transfers = entries["budget.transfers"]
    assert (transfers["required"], transfers["default"]) == (False, 0)
    cell = entries["public_expenses.three_public.final"]
    assert cell["where"] == "“三公与公用经费”表““三公”经费”行“决算数”列"
    other = entries["staff.other"]
    assert other["kind_label"] == "表格"
    assert [c["id"] for c in other["columns"]] == ["category", "count", "outside_quota", "note"]
    assert [c["required"] for c in other["columns"]] == [True, True, True, False]
    outside = entries["staff.outside_quota"]
    assert (outside["type"], outside["required"], outside["kind_label"]) == ("measure", None, "数量")
    assert outside["formula"] == "sum(staff.other.count where outside_quota)"
    # the formula in words: the table's column labels (人数, 是否计为编外人员) in place of their ids
    assert outside["where"] == "合计（人数，其中 是否计为编外人员）"


def test_a_framework_names_the_indicators_that_read_each_figure(capsys: pytest.CaptureFixture[str],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    entries = _json(capsys, monkeypatch, "--framework", "shenzhen-department-2023")

    def names(entry_id: str) -> list[str]:
        return [user["name"] for user in entries[entry_id]["indicators"]]

    assert names("procurement.paid") == ["政府采购执行情况"]
    assert entries["procurement.paid"]["used"] is True
    # through the formula measure staff.outside_quota (and staff.all_in_post)
    assert names("staff.other") == ["编外人员控制率"]
    assert names("staff.outside_quota") == ["编外人员控制率"]
    # two formulas deep: budget.adjustments_and_transfers reads budget.adjustment_amount, which reads this
    assert names("budget.adjustments") == ["财务合规性"]
    assert names("petitions.received") == ["群众信访办理情况"]  # named twice by the rule, listed once
    assert entries["department.name"]["used"] is False and names("department.name") == []
    assert names("key_tasks.total") == []


def test_the_terminal_listing_marks_what_the_framework_does_not_use(capsys: pytest.CaptureFixture[str],
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = _run(capsys, monkeypatch, "facts", "-f", "shenzhen-department-2023")
    assert code == 0 and err == ""
    assert "使用的指标" in out and "无指标使用" in out
    row = next(line for line in out.splitlines() if "procurement.paid" in line)
    assert "政府采购执行情况" in row
    # 86 figures in the common catalogue; the framework's rules read 27 of them
    assert "事实 86 项，公式计量项 7 项" in out and "未使用其中 59 项事实" in out


def test_an_unknown_framework_exits_2_naming_it(capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = _run(capsys, monkeypatch, "facts", "--framework", "no-such-framework")
    assert code == 2 and out == ""
    assert "no-such-framework" in err and "未知的指标体系" in err


def test_the_docs_table_is_the_generated_one() -> None:
    assert BEGIN in DOC and END in DOC
    assert between_markers(DOC) == common_table(), \
        "docs/frameworks.md 的事实表已过时：运行 python -m jixiao.facts.doc_table docs/frameworks.md"


def test_the_docs_table_lists_every_common_figure_and_measure() -> None:
    table = between_markers(DOC)
    for name in (*common().figures, *common().formulas):
        assert f"| `{name}` |" in table, name
    assert "| `budget.transfers` | 调剂资金 | 金额 | 万元 | “预算与调整”表“调剂资金”行 | 可不填（不填为 0） |" in table
    assert "| `key_tasks.not_completed` | 未完成重点工作项数 | `count(key_tasks where not completed)` |" in table


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40),
       st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40),
       st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60))
def test_the_table_goes_between_the_markers_and_nothing_else_moves(before: str, after: str, table: str) -> None:
    table = table.strip("\n")
    assume(table and not any(marker in before + after + table for marker in (BEGIN, END)))
    doc = f"{before}{BEGIN}\nold\n{END}{after}"
    new = with_table(doc, table)
    assert between_markers(new) == table
    assert new.startswith(before + BEGIN) and new.endswith(END + after)


def _doc_framework() -> str:
    """The doc's skeleton with its facts: and measures: examples, and its indicator example as the only one."""
    skeleton = next(b for b in BLOCKS if b.startswith("id:"))
    facts = next(b for b in BLOCKS if b.startswith("facts:"))
    measures = "measures:\n" + "".join(b.removeprefix("measures:\n") for b in BLOCKS if b.startswith("measures:"))
    indicators = next(b for b in BLOCKS if b.startswith("indicators:"))
    head = skeleton.split("groups:", 1)[0].replace("total: 100", "total: 2")
    group = "groups:\n  - name: 部门管理指标\n    weight: 2\n    groups:\n      - name: 经费管理\n        weight: 2\n"
    body = "".join(f"        {line}\n" if line else "\n" for line in indicators.splitlines())
    return head + facts + measures + group + body


def test_the_docs_facts_and_measures_examples_load_and_compute(tmp_path: Path) -> None:
    framework = parse_framework(_doc_framework(), "docs")
    catalogue = framework.catalogue
    assert catalogue.figures["training.held"].default == 0
    assert catalogue.figures["rectification.issues"].kind == "table"
    data, source = parse_yaml(EXAMPLE.read_text(encoding="utf-8"), "example")
    data["public_expenses"]["three_public"]["prior_final"] = "50.00"
    data["final_accounts"] = {"carryover": "481.23"}
    data["rectification"] = {"issues": [
        {"issue": "未及时上缴收入", "rectified": True, "amount": "8"},
        {"issue": "超标准支出", "rectified": False, "amount": "3.2"},
        {"issue": "资产未入账", "rectified": False},
    ]}
    case = case_from_data(data, source, catalogue)
    measures = catalogue.measures
    # (52.54 − 50.00) ÷ 50.00 = 2.54 ÷ 50 = 0.0508
    assert measures["public_expenses.three_public.change"].read(case) == Decimal("0.0508")
    # 481.23 ÷ 4812.30 = 0.1
    assert measures["final_accounts.carryover_rate"].read(case) == Decimal("0.1")
    assert measures["rectification.open"].read(case) == 2
    assert measures["rectification.open_amount"].read(case) == Decimal("3.2")  # 3.2 + 0 for the empty one
    del data["public_expenses"]["three_public"]["prior_final"]
    unknown = case_from_data(data, source, catalogue)
    assert measures["public_expenses.three_public.change"].read(unknown) is None  # the rule's if_undefined


def test_a_framework_files_own_figures_are_marked(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "体系.yaml"
    path.write_text(_doc_framework(), encoding="utf-8")
    entries = _json(capsys, monkeypatch, "--framework", str(path))
    assert entries["training.planned"]["origin"] == str(path) and entries["training.planned"]["used"] is False
    change = entries["public_expenses.three_public.change"]
    assert change["origin"] == str(path)
    assert [u["name"] for u in change["indicators"]] == ["“三公”经费变动率"]
    assert [u["name"] for u in entries["public_expenses.three_public.prior_final"]["indicators"]] == \
        ["“三公”经费变动率"]
    assert entries["procurement.paid"]["origin"] == "" and entries["procurement.paid"]["used"] is False
