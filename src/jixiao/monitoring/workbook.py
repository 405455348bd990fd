"""The monitoring tables as an Excel workbook (监控表): 资金执行, 绩效目标 and 预警清单, one sheet each, with the
lights coloured, sortable and filterable as a bureau expects to work with them."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from .tables import Monitored, alert_rows, spending_rows, target_rows

_FILLS = {"绿": "C6EFCE", "黄": "FFEB9C", "红": "FFC7CE"}
_LIGHT_COLUMNS = ("支出进度", "目标进度", "灯")
_WIDE = ("说明", "预计说明", "纠偏措施", "指标", "项目")


def write_workbook(monitored: Sequence[Monitored], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for title, (header, rows) in (("资金执行", spending_rows(monitored)), ("绩效目标", target_rows(monitored)),
                                  ("预警清单", alert_rows(monitored))):
        sheet = book.create_sheet(title)
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for row in rows:
            sheet.append([_value(v) for v in row])
        for index, name in enumerate(header, 1):
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = 36 if name in _WIDE else max(10, min(18, 2 * len(name) + 2))
            if name in _LIGHT_COLUMNS:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    colour = _FILLS.get(str(cell.value))
                    if colour:
                        cell.fill = PatternFill("solid", start_color=colour, end_color=colour)
            if "万元" in name or ("执行" in name and "率" not in name):
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    if isinstance(cell.value, Decimal | int | float):
                        cell.number_format = "#,##0.00"
        sheet.freeze_panes = "C2"
        # printed as the table it is: landscape, every column on one page's width
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.print_title_rows = "1:1"
        if rows:
            sheet.auto_filter.ref = sheet.dimensions
    book.save(path)


def _value(value: Any) -> Any:
    # numbers stay numbers (openpyxl writes a Decimal as its digits); an empty month stays empty
    return value if value is None or isinstance(value, Decimal | int | str) else str(value)
