"""Fonts of the official document format (公文字体) and their free stand-ins on Linux.

GB/T 9704-2012 names fonts that are not free to ship. The Word file names them, so that an editor on a
machine that has them sees the official look; to render a PDF or a chart here, each is mapped to a free CJK
font (Noto Serif / Sans CJK SC, WenQuanYi) through a fontconfig file given to LibreOffice.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

TITLE = "方正小标宋简体"
"""标题: 2 号方正小标宋简体."""
HEADING_1 = "黑体"
"""一级标题（一、）: 3 号黑体."""
HEADING_2 = "楷体_GB2312"
"""二级标题（（一））: 3 号楷体."""
BODY = "仿宋_GB2312"
"""正文、三级和四级标题: 3 号仿宋."""
PAGE_NUMBER = "宋体"
"""页码: 4 号半角宋体."""

SERIF_FALLBACKS = ("Noto Serif CJK SC", "Source Han Serif SC", "AR PL UMing CN", "WenQuanYi Micro Hei")
SANS_FALLBACKS = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei")


@dataclass(frozen=True, slots=True)
class Substitution:
    """An official font name and the free families that stand in for it, best first."""

    official: tuple[str, ...]
    families: tuple[str, ...]
    bold: bool = False


SUBSTITUTIONS = (
    Substitution((TITLE, "方正小标宋_GBK", "小标宋"), SERIF_FALLBACKS, bold=True),
    Substitution((HEADING_1, "SimHei"), SANS_FALLBACKS),
    Substitution((HEADING_2, "楷体", "KaiTi", "KaiTi_GB2312", "STKaiti"),
                 ("AR PL UKai CN", *SERIF_FALLBACKS)),
    Substitution((BODY, "仿宋", "FangSong", "FangSong_GB2312", "STFangsong"), SERIF_FALLBACKS),
    Substitution((PAGE_NUMBER, "SimSun", "NSimSun"), SERIF_FALLBACKS),
)


_BOLD = '<edit name="weight" mode="assign"><const>bold</const></edit>'


def fontconfig_text(system_config: str = "/etc/fonts/fonts.conf") -> str:
    """A fontconfig file: the system configuration plus the official names mapped to free fonts."""
    # Here rather than at the top: xml.sax.saxutils brings urllib.request, http.client and ssl, which a
    # report that makes no PDF does not need.
    from xml.sax.saxutils import escape

    rules = []
    for substitution in SUBSTITUTIONS:
        families = "".join(f"<string>{escape(f)}</string>" for f in substitution.families)
        for name in substitution.official:
            weight = _BOLD if substitution.bold else ""
            rules.append(
                f'<match target="pattern"><test name="family"><string>{escape(name)}</string></test>'
                f'<edit name="family" mode="assign" binding="strong">{families}</edit>{weight}</match>'
            )
    include = f"<include ignore_missing=\"yes\">{escape(system_config)}</include>" if system_config else ""
    return ('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>'
            + include + "".join(rules) + "</fontconfig>\n")


def write_fontconfig(directory: Path) -> Path:
    path = directory / "fonts.conf"
    path.write_text(fontconfig_text(), encoding="utf-8")
    return path


CHART_FAMILIES = (*SANS_FALLBACKS, *SERIF_FALLBACKS)
"""Families a chart label may be drawn in, best first."""


@cache
def chart_font_family() -> str | None:
    """The first free CJK family matplotlib can draw, for chart labels; ``None`` if the machine has none.

    matplotlib lists the machine's fonts once, in a cache it never rebuilds: fonts installed after that first
    listing are not in it. So when the cache has no CJK family, the font files are looked up afresh and
    added to matplotlib's list for this run.
    """
    from matplotlib import font_manager

    manager = font_manager.fontManager
    family = _first_listed(manager)
    if family is None:
        for path in cjk_font_files():
            with contextlib.suppress(Exception):  # a damaged font file is skipped, as matplotlib itself does
                manager.addfont(path)
        family = _first_listed(manager)
    return family


def _first_listed(manager: Any) -> str | None:
    installed = {entry.name for entry in manager.ttflist}
    return next((family for family in CHART_FAMILIES if family in installed), None)


_CJK_FILE_NAMES = re.compile(r"(?i)(notosans|notoserif|sourcehan).*(cjk|sc)|wqy|ukai|uming")


def cjk_font_files() -> list[str]:
    """Font files on this machine that cover Chinese: fontconfig's answer, else files named like CJK fonts."""
    fc_list = shutil.which("fc-list")
    if fc_list:
        try:
            listed = subprocess.run([fc_list, ":lang=zh", "file"], capture_output=True, text=True, timeout=20,
                                    check=False).stdout
        except (OSError, subprocess.SubprocessError):
            listed = ""
        files = sorted({line.rstrip().removesuffix(":") for line in listed.splitlines() if line.strip()})
        if files:
            return files
    from matplotlib import font_manager

    return sorted(path for path in font_manager.findSystemFonts() if _CJK_FILE_NAMES.search(Path(path).name))
