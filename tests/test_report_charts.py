"""Charts: PNG images whose Chinese labels are drawn with a font that has the glyphs."""

from __future__ import annotations

import io
import warnings
from decimal import Decimal

import pytest

from jixiao.report.charts import progress_chart, score_rate_chart
from jixiao.report.fonts import chart_font_family
from report_fixtures import fixture_sheet

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_a_free_cjk_font_is_found_and_has_the_label_glyphs() -> None:
    family = chart_font_family()
    if family is None:
        pytest.skip("no CJK font installed (make setup installs fonts-noto-cjk)")
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
