"""The report's outline as data (报告提纲): which sections a framework's report has, in order, and what fills them.

An outline is kept beside its framework: ``frameworks/data/<id>.report.yaml`` for a built-in one, and
``<name>.report.yaml`` beside a framework file given by path. It lists sections, each with a title and entries;
an entry is one of

- a writer's name (``procurement``, ``quarter_table``, ``conclusion``…): a paragraph, table or part that
  :mod:`.content` knows how to write;
- ``indicator: <id>``: the generic account of one indicator (score, how it was computed, points lost, the
  department's note on it);
- ``indicators: group <一级 or 二级 name>``: that account for every indicator of a group, one heading each;
- ``narrative: <key>``: a text of the case's ``narrative`` (``functions``, ``practices``…);
- ``assessment: <id>`` and ``notes: <id>``: the evaluator's checklist findings on an indicator, and the
  department's note on it, without the rest of the generic account;
- a mapping with ``title`` and ``entries``: a sub-section.

A framework without an outline gets the generic report (``layout: generic``). An outline that names a writer,
indicator, group or narrative text that does not exist is refused with its file and line.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..facts.model import Narrative
from ..inputs import FRAMEWORK_LIMIT
from ..problems import InputError, Problem
from ..yamlsource import PathKey, SourceMap, load_yaml, parse_yaml

if TYPE_CHECKING:
    from ..frameworks import Framework

OUTLINE_SUFFIX = ".report.yaml"
DEFAULT_LAYOUT = "department"


@dataclass(frozen=True, slots=True)
class WriterEntry:
    """A paragraph, table or part written by a named writer of :mod:`.content`."""

    name: str


@dataclass(frozen=True, slots=True)
class _OfIndicator:
    """An entry about one indicator: its id, and its name where no other indicator of the framework has it (a
    case's notes may use the name)."""

    id: str
    name: str = ""

    @property
    def keys(self) -> tuple[str, ...]:
        return (self.id, self.name) if self.name else (self.id,)


@dataclass(frozen=True, slots=True)
class IndicatorEntry(_OfIndicator):
    """The generic account of one indicator."""


@dataclass(frozen=True, slots=True)
class GroupEntry:
    """The generic account of every indicator of a 一级 or 二级 group."""

    group: str


@dataclass(frozen=True, slots=True)
class NarrativeEntry:
    """A text of the case's narrative, by its field name."""

    key: str


@dataclass(frozen=True, slots=True)
class AssessmentEntry(_OfIndicator):
    """The evaluator's findings on one indicator (checklist items short of full, problems listed)."""


@dataclass(frozen=True, slots=True)
class NotesEntry(_OfIndicator):
    """The department's own note on one indicator."""


@dataclass(frozen=True, slots=True)
class SectionEntry:
    """A titled section and what it holds."""

    title: str
    entries: tuple[Entry, ...]


Entry = WriterEntry | IndicatorEntry | GroupEntry | NarrativeEntry | AssessmentEntry | NotesEntry | SectionEntry


@dataclass(frozen=True, slots=True)
class Outline:
    """报告提纲: the layout that builds the report, its title's last words, and its sections in order."""

    sections: tuple[Entry, ...]
    layout: str = DEFAULT_LAYOUT
    title: str | None = None
    """What follows ``<部门><年度>年度`` in the report's title; ``None`` leaves it to the layout."""
    file: str = ""


NARRATIVE_KEYS = tuple(f.name for f in dataclasses.fields(Narrative) if f.name != "notes")
_INDICATOR_KINDS: dict[str, type[IndicatorEntry | AssessmentEntry | NotesEntry]] = {
    "indicator": IndicatorEntry, "assessment": AssessmentEntry, "notes": NotesEntry}


def outline_path(framework: Framework) -> Path | None:
    """The outline file of ``framework``: the built-in one beside it, or ``<name>.report.yaml`` beside its file."""
    if framework.file is None:
        candidate = resources.files("jixiao.frameworks") / "data" / f"{framework.id}{OUTLINE_SUFFIX}"
        return Path(str(candidate)) if candidate.is_file() else None
    own = Path(framework.file)
    beside = own.with_name(own.name.removesuffix(own.suffix) + OUTLINE_SUFFIX)
    return beside if beside.is_file() else None


def outline_for(framework: Framework) -> Outline | None:
    """The outline kept beside ``framework``, checked against it; ``None`` when it has none."""
    path = outline_path(framework)
    if path is None:
        return None
    name = f"内置报告提纲 {path.name}" if framework.file is None else str(path)
    return load_outline(path, framework, name)


def load_outline(path: Path, framework: Framework, name: str | None = None) -> Outline:
    data, source = load_yaml(path, display_name=name or str(path), what="报告提纲文件", limit=FRAMEWORK_LIMIT)
    return outline_from_data(data, source, framework)


def parse_outline(text: str, framework: Framework, name: str = "<报告提纲>") -> Outline:
    data, source = parse_yaml(text, name)
    return outline_from_data(data, source, framework)


def outline_from_data(data: Any, source: SourceMap, framework: Framework) -> Outline:
    """The outline in ``data``, every problem in it reported at once with its line."""
    reader = _Reader(source, framework)
    outline = reader.outline(data)
    if reader.problems:
        raise InputError(reader.problems)
    return outline


_OUTLINED = frozenset({"department", "generic"})
"""The layouts built from an outline's sections; any other lays the report out itself."""


class _Reader:
    def __init__(self, source: SourceMap, framework: Framework) -> None:
        from .content import PARTS, WRITERS
        from .layouts import LAYOUTS

        self.source = source
        self.framework = framework
        self.writers = WRITERS
        self.parts = PARTS
        self.layouts = LAYOUTS
        self.groups = {g.name for g in framework.groups} | {g2.name for g in framework.groups for g2 in g.groups}
        self.problems: list[Problem] = []

    def fail(self, path: PathKey, message: str) -> None:
        self.problems.append(self.source.problem(path, message))

    def outline(self, data: Any) -> Outline:
        if not isinstance(data, dict):
            self.fail((), "报告提纲文件的顶层应为一组“字段: 值”（layout、title、sections）")
            return Outline(())
        for key in data:
            if key not in ("layout", "title", "sections"):
                self.fail((key,), f"未知字段“{key}”：报告提纲只有 layout、title、sections 三个字段")
        layout = data.get("layout", DEFAULT_LAYOUT)
        if not isinstance(layout, str) or layout not in self.layouts:
            self.fail(("layout",), f"未知的报告版式“{layout}”，可用：{'、'.join(self.layouts)}")
            layout = DEFAULT_LAYOUT
        title = data.get("title")
        if title is not None and not isinstance(title, str):
            self.fail(("title",), "title 应为一段文字")
            title = None
        sections = data.get("sections")
        if layout not in _OUTLINED and sections is None:
            return Outline((), layout, title, self.source.file)  # a layout of its own, such as a fixed form
        if not isinstance(sections, list) or not sections:
            self.fail(("sections",), "sections 应列出报告的各部分（至少一项）")
            return Outline((), layout, title, self.source.file)
        entries = []
        for i, item in enumerate(sections):
            path = ("sections", i)
            entry = self.entry(item, path)
            if isinstance(entry, WriterEntry) and entry.name not in self.parts:
                self.fail(path, f"“{entry.name}”写的是段落，不能单独作为报告的一部分：请放在某一节的 entries 中")
            elif entry is not None and not isinstance(entry, SectionEntry | WriterEntry):
                self.fail(path, "报告的每一部分应为一节（title 和 entries）或一个完整部分（如 conclusion）")
            elif entry is not None:
                entries.append(entry)
        return Outline(tuple(entries), layout, title, self.source.file)

    def entry(self, item: Any, path: PathKey) -> Entry | None:
        if isinstance(item, str):
            if item not in self.writers:
                self.fail(path, f"未知的段落“{item}”，可用：{'、'.join(sorted(self.writers))}")
                return None
            return WriterEntry(item)
        if not isinstance(item, dict):
            self.fail(path, "每一项应为段落名称，或“indicator: 指标编号”这样的一项，或一节（title 和 entries）")
            return None
        if "title" in item or "entries" in item:
            return self.section(item, path)
        if len(item) != 1:
            self.fail(path, "每一项只能写一个“类型: 值”（indicator、indicators、narrative、assessment、notes）")
            return None
        ((kind, value),) = item.items()
        at = (*path, kind)
        if kind in _INDICATOR_KINDS:
            indicator = self.framework.indicator(value) if isinstance(value, str) else None
            if indicator is None:
                self.fail(at, f"指标体系“{self.framework.title}”中没有编号为“{value}”的指标")
                return None
            shared = bool(self.framework.sharing(indicator.name))
            return _INDICATOR_KINDS[kind](indicator.id, "" if shared else indicator.name)
        if kind == "indicators":
            name = value.removeprefix("group").strip() if isinstance(value, str) else ""
            if not isinstance(value, str) or not value.startswith("group") or name not in self.groups:
                self.fail(at, f"“indicators: {value}”应写成“indicators: group 指标组名称”，且该组在指标体系"
                              f"“{self.framework.title}”中存在（一级或二级指标名称）")
                return None
            return GroupEntry(name)
        if kind == "narrative":
            if value not in NARRATIVE_KEYS:
                self.fail(at, f"未知的报告文字“{value}”，可用：{'、'.join(NARRATIVE_KEYS)}")
                return None
            return NarrativeEntry(value)
        self.fail(path, f"未知的类型“{kind}”，可用：indicator、indicators、narrative、assessment、notes，"
                        "或一节（title 和 entries）")
        return None

    def section(self, item: dict[str, Any], path: PathKey) -> SectionEntry | None:
        for key in item:
            if key not in ("title", "entries"):
                self.fail((*path, key), f"未知字段“{key}”：一节只有 title 和 entries 两个字段")
        title = item.get("title")
        if not isinstance(title, str) or not title.strip():
            self.fail(path, "一节应有标题 title")
            title = ""
        raw = item.get("entries")
        if not isinstance(raw, list) or not raw:
            self.fail((*path, "entries"), f"“{title}”一节应在 entries 中列出它的内容（至少一项）")
            return None
        entries = [self.entry(child, (*path, "entries", j)) for j, child in enumerate(raw)]
        return SectionEntry(title.strip(), tuple(e for e in entries if e is not None))
