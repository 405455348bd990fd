"""The catalogue of figures (事实目录): every figure a framework can use, declared as data.

The common catalogue is ``data/common.yaml``; a framework file adds figures of its own under ``facts:`` and
derived quantities under ``measures:`` (formulas, see :mod:`jixiao.facts.formula`). Figures are grouped as the
workbook's sheets are, so that one declaration says what a figure is (id, label, kind, unit, help, whether it may
be left empty) and where it is entered (its sheet, and its row or column there).

A figure that the typed case model (:mod:`jixiao.facts.model`) has a field for is stored there; any other lives
in the case's ``figures`` mapping, read and checked from this declaration alone, with no Python.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from .measures import Kind, Measure, model_measures

FigureKind = Literal["amount", "yuan", "count", "rate", "date", "flag", "choice", "text", "year", "points"]
Shape = Literal["form", "fixed_rows", "table"]

_UNITS = {"amount": "万元", "yuan": "元", "rate": "%", "points": "分", "year": "年"}
KIND_LABELS = {
    "amount": "金额", "yuan": "金额（元）", "count": "数量", "rate": "比率", "date": "日期", "flag": "是/否",
    "choice": "选项", "text": "文字", "year": "年份", "points": "分数", "table": "表格",
}
"""Each kind as the catalogue's listing names it."""


def default_unit(kind: str) -> str:
    """The unit a figure or measure of ``kind`` is written in unless it says otherwise (万元, %, 分…)."""
    return _UNITS.get(kind, "")

_MEASURE_KINDS: dict[str, Kind] = {
    "amount": "amount", "yuan": "yuan", "count": "count", "rate": "rate", "date": "date", "flag": "flag",
    "choice": "choice", "text": "text", "year": "count", "points": "rate", "table": "list",
}
_ID = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$"
_COLUMN_ID = r"^[a-z][a-z0-9_]*$"


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FigureSpec(_Spec):
    """一个事实（或表格的一列）的声明."""

    id: str = Field(pattern=_ID, description="编号（带点的小写英文，如 budget.initial；表格的列不带点）")
    label: str = Field(min_length=1, description="中文名称")
    kind: FigureKind = Field(description="类型")
    long: bool = Field(False, description="长文字（工作簿中占宽列）")
    choices: tuple[str, ...] = Field((), description="可选的值（kind 为 choice 时必填）")
    unit: str | None = Field(None, description="单位（缺省按类型：金额为万元，比率为 %）")
    optional: bool = Field(False, description="可以不填")
    default: Any = Field(None, description="不填时的取值")
    entry_label: str | None = Field(None, description="工作簿中的行名或列名（与名称不同时）")
    help: str = Field("", description="填写说明")
    width: int = Field(0, ge=0, le=120, description="工作簿中列宽（字符）")

    @model_validator(mode="after")
    def _choices_fit(self) -> FigureSpec:
        if self.kind == "choice" and not self.choices:
            raise PydanticCustomError("jixiao_catalogue", "类型为 choice 的事实须列出可选的值（choices）")
        if self.kind != "choice" and self.choices:
            raise PydanticCustomError("jixiao_catalogue", "只有类型为 choice 的事实才写 choices")
        return self


class FixedRowSpec(_Spec):
    key: str | int = Field(description="行的编号（季度为 0–3）")
    label: str = Field(min_length=1, description="行名")


class SheetSpec(_Spec):
    """一组事实：工作簿的一张工作表."""

    sheet: str = Field(min_length=1, max_length=31, description="工作表名称")
    shape: Shape = Field(description="form：一行一个事实；fixed_rows：固定的几行；table：一行一条记录")
    note: str = Field("", description="工作表的说明")
    figures: tuple[FigureSpec, ...] = Field((), description="事实（form）")
    table: str | None = Field(None, pattern=_ID, description="表格的编号（fixed_rows、table）")
    label: str | None = Field(None, description="表格的中文名称")
    row_heading: str | None = Field(None, description="固定行的表头（fixed_rows）")
    rows: tuple[FixedRowSpec, ...] = Field((), description="固定的行（fixed_rows）")
    columns: tuple[FigureSpec, ...] = Field((), description="列（fixed_rows、table）")
    blank_rows: int = Field(50, ge=1, le=2000, description="空白工作簿中预留的行数（table）")

    @model_validator(mode="after")
    def _shape_fits(self) -> SheetSpec:
        if self.shape == "form":
            if not self.figures or self.columns or self.table:
                raise PydanticCustomError("jixiao_catalogue", "form 工作表只写 figures（至少一个事实）")
        else:
            if not self.columns or self.figures or not self.table:
                raise PydanticCustomError("jixiao_catalogue", "{shape} 工作表须写 table 和 columns，不写 figures",
                                          {"shape": self.shape})
            for column in self.columns:
                if "." in column.id:
                    raise PydanticCustomError("jixiao_catalogue", "表格的列编号不带点：“{id}”", {"id": column.id})
        if self.shape == "fixed_rows" and not self.rows:
            raise PydanticCustomError("jixiao_catalogue", "fixed_rows 工作表须列出固定的行（rows）")
        return self


class CatalogueSpec(_Spec):
    sheets: tuple[SheetSpec, ...] = Field(min_length=1)
    measures: tuple[Any, ...] = Field((), description="公式计量项（读取时逐项检查）")


@dataclass(frozen=True, slots=True)
class Figure:
    """A figure as the catalogue declares it, with where it is entered."""

    id: str
    label: str
    kind: FigureKind | Literal["table"]
    sheet: str
    shape: Shape
    optional: bool = False
    default: Any = None
    help: str = ""
    entry_label: str = ""
    choices: tuple[str, ...] = ()
    unit: str = ""
    long: bool = False
    width: int = 0
    #: where in the sheet: the row's label (form), ``列`` and its label (fixed rows), or empty for a whole table
    row: str = ""
    column: str = ""
    columns: tuple[Figure, ...] = ()
    #: kept by the typed case model (else in the case's ``figures`` mapping)
    typed: bool = False
    #: the framework file that declared it (empty for the common catalogue)
    origin: str = ""

    @property
    def may_be_empty(self) -> bool:
        """Whether the figure can read as empty (left empty and without a default)."""
        return self.optional and self.default is None

    @property
    def where(self) -> str:
        """Where it is entered, in the user's words: ``预算与调整表“年初预算数”行``."""
        if self.kind == "table":
            return f"“{self.sheet}”表（每行一条）"
        if self.shape == "fixed_rows":
            return f"“{self.sheet}”表“{self.row}”行“{self.column}”列" if self.row else \
                f"“{self.sheet}”表“{self.column}”列"
        return f"“{self.sheet}”表“{self.entry_label or self.label}”行"

    def column_named(self, name: str) -> Figure | None:
        return next((c for c in self.columns if c.id == name), None)


@dataclass
class Catalogue:
    """Figures by id, the sheets they are entered on, and the measures rules read (figures and formulas)."""

    sheets: tuple[SheetSpec, ...]
    figures: dict[str, Figure]
    measures: dict[str, Measure]
    formulas: dict[str, Any] = field(default_factory=dict)  # measure id → its parsed formula
    origin: str = ""

    def generic(self) -> Iterator[Figure]:
        """The figures the typed case model has no field for."""
        return (f for f in self.figures.values() if not f.typed)

    def label_of(self, name: str) -> str:
        measure = self.measures.get(name)
        return measure.label if measure is not None else name


def _typed_fields() -> dict[str, Measure]:
    return model_measures()


def _generic_reader(name: str) -> Callable[[Any], Any]:
    def read(case: Any) -> Any:
        return case.figures.get(name)

    return read


def figures_of(specs: tuple[SheetSpec, ...], *, origin: str = "") -> Iterator[Figure]:
    """Every figure the sheets declare (a fixed-rows sheet of named rows gives one figure per cell)."""
    typed = _typed_fields()
    for sheet in specs:
        if sheet.shape == "form":
            for spec in sheet.figures:
                yield _figure(spec, sheet, spec.id, typed, origin)
            continue
        table = sheet.table or ""
        if sheet.shape == "fixed_rows" and not all(isinstance(r.key, int) for r in sheet.rows):
            for row in sheet.rows:
                for spec in sheet.columns:
                    name = f"{table}.{row.key}.{spec.id}"
                    label = typed[name].label if name in typed else f"{row.label}{spec.label}"
                    yield _figure(spec, sheet, name, typed, origin, label=label, row=row.label)
            continue
        columns = tuple(_figure(spec, sheet, spec.id, {}, origin, column_of=table) for spec in sheet.columns)
        yield Figure(
            id=table, label=sheet.label or table, kind="table", sheet=sheet.sheet, shape=sheet.shape,
            help=sheet.note, columns=columns, typed=table in typed, origin=origin)


def _figure(spec: FigureSpec, sheet: SheetSpec, name: str, typed: Mapping[str, Measure], origin: str, *,
            label: str | None = None, row: str = "", column_of: str = "") -> Figure:
    shown_column = spec.entry_label or spec.label
    return Figure(
        id=name, label=label or spec.label, kind=spec.kind, sheet=sheet.sheet, shape=sheet.shape,
        optional=spec.optional, default=spec.default, help=spec.help, entry_label=spec.entry_label or "",
        choices=spec.choices, unit=spec.unit if spec.unit is not None else _UNITS.get(spec.kind, ""),
        long=spec.long, width=spec.width, row=row,
        column=shown_column if sheet.shape != "form" or column_of else "",
        typed=name in typed and not column_of, origin=origin)


def measure_of(figure: Figure, typed: Mapping[str, Measure]) -> Measure:
    """The measure a rule reads for a figure: the typed model's field, or the case's ``figures`` entry."""
    if figure.typed:
        return typed[figure.id]
    return Measure(figure.id, figure.label, _MEASURE_KINDS[figure.kind], _generic_reader(figure.id),
                   figure.choices, nullable=figure.may_be_empty, generic=True)


def build(specs: tuple[SheetSpec, ...], *, base: Catalogue | None = None, origin: str = "",
          problems: list[str] | None = None) -> Catalogue:
    """A catalogue of the sheets ``specs`` (added to ``base``). A figure declared twice is refused: raised, or
    when ``problems`` is given, said there and left out, so that the file's other figures still count."""
    typed = _typed_fields()
    figures = dict(base.figures) if base is not None else {}
    measures = dict(base.measures) if base is not None else {}
    for figure in figures_of(specs, origin=origin):
        if figure.id in figures or figure.id in measures:
            where = "共同事实目录" if not figures.get(figure.id, figure).origin else "本文件"
            message = f"事实“{figure.id}”已在{where}中定义"
            if problems is None:
                raise PydanticCustomError("jixiao_catalogue", message)
            problems.append(message)
            continue
        figures[figure.id] = figure
        measures[figure.id] = measure_of(figure, typed)
    sheets = (*(base.sheets if base is not None else ()), *specs)
    formulas = dict(base.formulas) if base is not None else {}
    return Catalogue(sheets, figures, measures, formulas, origin)


@cache
def common() -> Catalogue:
    """The built-in common catalogue (``data/common.yaml``)."""
    from ..problems import InputError
    from ..yamlsource import parse_yaml

    text = (resources.files("jixiao.facts") / "data" / "common.yaml").read_text(encoding="utf-8")
    data, source = parse_yaml(text, "共同事实目录")
    spec = CatalogueSpec.model_validate(data)
    from .measures_load import add_measures

    catalogue, problems = add_measures(build(spec.sheets), list(spec.measures), source)
    if problems:  # pragma: no cover - the shipped catalogue is checked by the tests
        raise InputError(problems)
    return catalogue


def row_reader(name: str) -> Callable[[Any], Any]:
    """How a formula reads column ``name`` of one row: a field of a typed record, a key of a generic row."""
    def read(row: Any) -> Any:
        if isinstance(row, dict):
            return row.get(name)
        return getattr(row, name)

    return read


class MeasureSpec(_Spec):
    """一个用公式定义的计量项."""

    id: str = Field(pattern=_ID, description="编号（带点的小写英文）")
    label: str = Field(min_length=1, description="中文名称")
    kind: Literal["amount", "yuan", "count", "rate", "flag", "text"] = Field(description="结果的类型")
    formula: str = Field(min_length=1, max_length=2000, description="公式")
    help: str = Field("", description="说明")


def lookup_of(context: Any) -> dict[str, Measure]:
    """The measures a framework's rules may name: from the validation context's catalogue, else the common one."""
    if isinstance(context, dict):
        catalogue = context.get("catalogue")
        if isinstance(catalogue, Catalogue):
            found: dict[str, Measure] = catalogue.measures
            return found
    return common().measures
