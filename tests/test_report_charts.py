"""Charts: PNG images whose Chinese labels are drawn with a font that has the glyphs."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import warnings
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.report.charts import progress_chart, score_rate_chart
from jixiao.report.fonts import chart_font_family, cjk_font_files
from report_fixtures import fixture_sheet

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_a_free_cjk_font_is_found_and_has_the_label_glyphs() -> None:
    family = chart_font_family()
    if family is None:
        assert not cjk_font_files(), "the machine has CJK font files, but none was found for the charts"
        pytest.skip("no CJK font on this machine (fc-list :lang=zh lists none; make setup installs fonts-noto-cjk)")
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    path = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    face = FT2Font(path)
    labels = "第一二三四季度支出进度序时得分率预算编制目标设置资金管理经济性效率性效果性公平性（%）"
    assert all(face.get_char_index(ord(ch)) != 0 for ch in labels)


def test_charts_render_without_missing_glyph_warnings() -> None:
    quarters = [("第一季度", Decimal("0.2144"), Decimal("0.25")),
                ("第二季度", Decimal("0.4814"), Decimal("0.5")),
                ("第三季度", Decimal("0.6518"), Decimal("0.75")),
                ("第四季度", Decimal("0.9648"), Decimal("1"))]
    with warnings.catch_warnings():
        # matplotlib warns "Glyph … missing from font" when a label cannot be drawn.
        warnings.simplefilter("error")
        progress = progress_chart(quarters)
        scores = score_rate_chart(fixture_sheet().groups())
    for png in (progress, scores):
        assert png.startswith(PNG_SIGNATURE)
        from matplotlib.image import imread

        image = imread(io.BytesIO(png))
        assert image.shape[0] > 300 and image.shape[1] > 900  # 6.2 in at 150 dpi


# matplotlib lists the fonts once and keeps the list in its cache; on a machine where that happened before the
# CJK fonts were installed, the list has none of them. Such a cache is made here in a folder of its own.
_STALE_CACHE = """
from pathlib import Path
import matplotlib
from matplotlib import font_manager
manager = font_manager.fontManager
manager.ttflist = [entry for entry in manager.ttflist
                   if not any(word in entry.name for word in ("CJK", "WenQuanYi", "Source Han", "AR PL"))]
font_manager.json_dump(manager, Path(matplotlib.get_cachedir(), f"fontlist-v{manager.__version__}.json"))
"""

_DRAW = """
import warnings
from decimal import Decimal
from matplotlib import font_manager
assert not any("CJK" in entry.name for entry in font_manager.fontManager.ttflist), "the cache was not stale"
from jixiao.report.charts import progress_chart
from jixiao.report.fonts import chart_font_family
warnings.simplefilter("error")
progress_chart([("第一季度", Decimal("0.2144"), Decimal("0.25"))])
print(chart_font_family())
"""


def test_fonts_installed_after_matplotlib_listed_them_are_still_found(tmp_path: Path) -> None:
    if not cjk_font_files():
        pytest.skip("no CJK font on this machine (fc-list :lang=zh lists none; make setup installs fonts-noto-cjk)")
    environment = {**os.environ, "MPLCONFIGDIR": str(tmp_path)}
    subprocess.run([sys.executable, "-c", _STALE_CACHE], env=environment, check=True, timeout=120)
    drawn = subprocess.run([sys.executable, "-c", _DRAW], env=environment, capture_output=True, text=True,
                           timeout=120)
    assert drawn.returncode == 0, drawn.stderr
    assert drawn.stdout.strip() in ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei",
                                    "WenQuanYi Zen Hei", "Noto Serif CJK SC", "Source Han Serif SC",
                                    "AR PL UMing CN")


def test_without_a_chinese_font_the_report_says_so_and_draws_no_empty_boxes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    import jixiao.report.charts as charts_module
    from casefiles import EXAMPLE
    from jixiao.cli import app

    with_font = tmp_path / "有字体.html"
    result = CliRunner().invoke(app, ["report", str(EXAMPLE), "-o", str(with_font)])
    assert result.exit_code == 0, result.output
    monkeypatch.setattr(charts_module, "chart_font_family", lambda: None)
    without = tmp_path / "无字体.html"
    result = CliRunner().invoke(app, ["report", str(EXAMPLE), "-o", str(without)])
    assert result.exit_code == 0, result.output
    assert "没有可用的中文字体" in result.stderr
    if chart_font_family() is not None:
        assert "data:image/png" in with_font.read_text(encoding="utf-8")
    text = without.read_text(encoding="utf-8")
    assert "支出进度" in text  # the report is all there, only without pictures
    assert "data:image/png" not in text
