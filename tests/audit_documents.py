"""A small report as a Word document with real tables (and, through LibreOffice, as PDF) for the readers."""

from __future__ import annotations

from pathlib import Path

PARAGRAPHS_BEFORE = [
    "某市文化广电旅游局 2022 年度部门整体支出绩效自评报告",
    "一、部门基本情况",
    "（一）预算执行情况",
    "2022 年本部门年初预算 1,200.00 万元，调整预算数 1,250.00 万元，调整资金 50.00 万元。",
    "（二）政府采购",
    "本年度政府采购计划金额 300.00 万元，实际采购金额 240.00 万元，政府采购执行率为 80.00%。",
    "（三）固定资产",
    "固定资产原值合计 500.00 万元，在用固定资产原值 450.00 万元，固定资产利用率 90.00%。",
    "二、季度执行情况",
]
QUARTERS = [
    ["季度", "调整预算数", "累计支出数", "支出进度", "序时进度", "得分"],
    ["第一季度", "1,250.00", "250.00", "20.00%", "25%", "0.80"],
    ["第二季度", "1,250.00", "600.00", "48.00%", "50%", "0.96"],
    ["第三季度", "1,250.00", "900.00", "72.00%", "75%", "0.96"],
    ["第四季度", "1,250.00", "1,200.00", "96.00%", "100%", "0.96"],
    ["全年平均执行率", "", "", "92.00%", "", "1.84"],
]
SCORE_SHEET = [
    ["一级指标", "二级指标", "三级指标", "分值", "评分标准", "得分"],
    ["管理指标", "预算管理指标", "预算编制质量", "40", "按要求编制的得满分，发现一处问题扣 5 分。", "35"],
    ["管理指标", "执行指标", "执行进度", "30", "依据季度执行表计分。", "28.5"],
    ["绩效指标", "效果指标", "履职效果", "20", "对照目标评价。", "18"],
    ["绩效指标", "满意度指标", "服务满意度", "10", "按调查结果分档计分。", "9"],
]


def write_docx(path: Path, *, total: str = "90.5", grade: str = "优") -> Path:
    from docx import Document

    document = Document()
    for text in PARAGRAPHS_BEFORE:
        document.add_paragraph(text)
    _table(document, QUARTERS)
    document.add_paragraph("三、评分")
    document.add_paragraph("部门整体支出绩效评分表")
    table = _table(document, SCORE_SHEET)
    # The first-level cells span their rows, as in published sheets.
    table.cell(1, 0).merge(table.cell(2, 0))
    table.cell(3, 0).merge(table.cell(4, 0))
    document.add_paragraph(f"综合评分 {total}")
    document.add_paragraph(f"评分等级 {grade}")
    document.save(str(path))
    return path


def _table(document, rows):  # type: ignore[no-untyped-def]
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    return table


if __name__ == "__main__":  # pragma: no cover - makes the committed PDF fixture
    import subprocess
    import sys
    import tempfile

    target = Path(__file__).parent / "fixtures" / "audit"
    with tempfile.TemporaryDirectory() as work:
        source = write_docx(Path(work) / "synthetic-report.docx")
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(target), str(source)], check=True, stdout=sys.stderr
        )
