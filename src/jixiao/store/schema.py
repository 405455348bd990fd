"""The tables of the store (数据表).

A *submission* is one department-year as one file gave it: its figures (the case as jixiao writes it), the
original file's bytes and hash, the framework it was scored under (id and a hash of that framework's exact
content), the scores with their trace. Importing the same department-year again adds a submission with the next
version; nothing earlier is replaced. Review changes, and the review state, are *events*, appended, never updated
or deleted: the database itself refuses to change a submission or an event (see the triggers of the first
migration).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, Integer, LargeBinary, MetaData, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Department(Base):
    """被评价部门（或项目的主管部门）."""

    __tablename__ = "department"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True, comment="部门编码（未填时为部门简称）")
    name: Mapped[str] = mapped_column(String(200), comment="部门简称")
    full_name: Mapped[str | None] = mapped_column(String(400), comment="部门全称")
    tags: Mapped[list[str]] = mapped_column(JSON, default=list, comment="部门类型标签（同类比较用）")


class FrameworkVersion(Base):
    """一个指标体系的一份确切内容：编号和内容的哈希."""

    __tablename__ = "framework_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[str] = mapped_column(String(100), comment="指标体系编号")
    title: Mapped[str] = mapped_column(String(400), comment="指标体系名称")
    sha256: Mapped[str] = mapped_column(String(64), unique=True, comment="指标体系文件内容的 SHA-256")
    content: Mapped[str] = mapped_column(Text, comment="指标体系文件的全文")


class Submission(Base):
    """一个部门一个年度的一份报送：事实、原文件、评分及计分追踪."""

    __tablename__ = "submission"
    __table_args__ = (UniqueConstraint("department_id", "year", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), index=True)
    year: Mapped[int] = mapped_column(Integer, comment="评价年度")
    version: Mapped[int] = mapped_column(Integer, comment="同一部门年度的第几份报送（从 1 起）")
    framework_version_id: Mapped[int] = mapped_column(ForeignKey("framework_version.id"))
    case_yaml: Mapped[str] = mapped_column(Text, comment="事实（jixiao 写出的案例 YAML）")
    source_name: Mapped[str] = mapped_column(String(400), comment="原文件名")
    source_sha256: Mapped[str] = mapped_column(String(64), comment="原文件内容的 SHA-256")
    source_bytes: Mapped[bytes] = mapped_column(LargeBinary, comment="原文件")
    total: Mapped[str | None] = mapped_column(String(20), comment="综合评分（十进制文字）")
    grade: Mapped[str | None] = mapped_column(String(20), comment="评分等级")
    scores: Mapped[dict[str, Any]] = mapped_column(JSON, comment="评分表及计分追踪（score --json 的内容）")
    created_at: Mapped[datetime] = mapped_column(comment="导入时间（UTC）")
    created_by: Mapped[str] = mapped_column(String(100), comment="导入人")


class MonitoringReport(Base):
    """一个部门一个年度截至某月的一份绩效运行监控填报：各项目预算、各月累计执行、各目标进度及说明；只追加."""

    __tablename__ = "monitoring_report"
    __table_args__ = (UniqueConstraint("department_id", "year", "month", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True, comment="监控年度")
    month: Mapped[int] = mapped_column(Integer, comment="截至的月份（各项目填到的最后一个月）")
    version: Mapped[int] = mapped_column(Integer, comment="同一部门、年度、月份的第几份填报（从 1 起）")
    content: Mapped[dict[str, Any]] = mapped_column(JSON, comment="填报内容（校验后的监控数据）")
    source_name: Mapped[str] = mapped_column(String(400), comment="原文件名")
    source_sha256: Mapped[str] = mapped_column(String(64), comment="原文件内容的 SHA-256")
    source_bytes: Mapped[bytes] = mapped_column(LargeBinary, comment="原文件")
    created_at: Mapped[datetime] = mapped_column(comment="保存时间（UTC）")
    created_by: Mapped[str] = mapped_column(String(100), comment="保存人")


class AuditRecord(Base):
    """一次对已发布报告的审核结果：报告文件、所属部门年度、识别的指标体系、各项发现与复核通过的计算；只追加."""

    __tablename__ = "audit_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), index=True)
    year: Mapped[int] = mapped_column(Integer, comment="报告的年度")
    source_name: Mapped[str] = mapped_column(String(400), comment="报告文件名")
    source_sha256: Mapped[str] = mapped_column(String(64), comment="报告文件内容的 SHA-256")
    framework_id: Mapped[str | None] = mapped_column(String(100), comment="审核所用（给出或识别）的指标体系")
    errors: Mapped[int] = mapped_column(Integer, comment="错误数")
    suspects: Mapped[int] = mapped_column(Integer, comment="疑似数")
    notes: Mapped[int] = mapped_column(Integer, comment="提示数")
    verified: Mapped[int] = mapped_column(Integer, comment="复核通过的计算数")
    result: Mapped[dict[str, Any]] = mapped_column(JSON, comment="审核结果（jixiao audit --json 的内容）")
    created_at: Mapped[datetime] = mapped_column(comment="审核时间（UTC）")
    created_by: Mapped[str] = mapped_column(String(100), comment="审核人")


class ReviewEvent(Base):
    """一次复核变更：谁、何时、改前与改后、理由；只追加，不修改、不删除."""

    __tablename__ = "review_event"
    __table_args__ = (UniqueConstraint("submission_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer, comment="该报送的第几个事件（从 1 起）")
    kind: Mapped[str] = mapped_column(String(40), comment="事件类型")
    actor: Mapped[str] = mapped_column(String(100), comment="操作人")
    at: Mapped[datetime] = mapped_column(comment="时间（UTC）")
    target: Mapped[str | None] = mapped_column(String(200), comment="所改的指标或事实")
    before: Mapped[Any] = mapped_column(JSON, nullable=True, comment="改前")
    after: Mapped[Any] = mapped_column(JSON, nullable=True, comment="改后")
    reason: Mapped[str] = mapped_column(Text, comment="理由")


class YearStanding(Base):
    """一个部门年度的现状：最新一份报送、复核状态、自评与复核后的得分（由报送和复核事件推出）.

    Not history: the submissions and the events are. This row is what they add up to, rewritten in the same
    transaction as every import and every review event, so that the dashboard, the ranking and the summary read
    one small row per department-year instead of re-scoring each from its events."""

    __tablename__ = "year_standing"

    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, index=True, comment="评价年度")
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id"), comment="最新一份报送")
    version: Mapped[int] = mapped_column(Integer, comment="最新报送的版本")
    framework_id: Mapped[str] = mapped_column(String(100), comment="指标体系编号")
    state: Mapped[str] = mapped_column(String(20), comment="复核状态")
    last_seq: Mapped[int] = mapped_column(Integer, comment="最后一个复核事件的序号（无事件为 0）")
    self_total: Mapped[str | None] = mapped_column(String(20), comment="自评得分")
    self_grade: Mapped[str | None] = mapped_column(String(20), comment="自评等级")
    total: Mapped[str | None] = mapped_column(String(20), comment="复核后得分")
    grade: Mapped[str | None] = mapped_column(String(20), comment="复核后等级")
    self_micros: Mapped[int | None] = mapped_column(BigInteger, comment="自评得分 × 10⁶（整数，排序与汇总用）")
    total_micros: Mapped[int | None] = mapped_column(BigInteger, comment="复核后得分 × 10⁶（整数，排序与汇总用）")
    sheet: Mapped[dict[str, Any] | None] = mapped_column(
        JSON, nullable=True, comment="复核修改后的评分表及计分追踪（未修改时为空：即报送的评分表）")


class StandingIndicator(Base):
    """一个部门年度现状中的一项指标：分值、自评与复核后得分（文字与 × 10⁶ 的整数）."""

    __tablename__ = "standing_indicator"

    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, index=True, comment="评价年度")
    indicator_id: Mapped[str] = mapped_column(String(100), primary_key=True, comment="指标编号")
    position: Mapped[int] = mapped_column(Integer, comment="在指标体系中的次序（从 0 起）")
    name: Mapped[str] = mapped_column(String(200), comment="指标名称")
    weight: Mapped[str] = mapped_column(String(20), comment="分值")
    self_score: Mapped[str | None] = mapped_column(String(20), comment="自评得分")
    score: Mapped[str | None] = mapped_column(String(20), comment="复核后得分")
    weight_micros: Mapped[int] = mapped_column(BigInteger, comment="分值 × 10⁶")
    score_micros: Mapped[int | None] = mapped_column(BigInteger, comment="复核后得分 × 10⁶")


class IndicatorTotal(Base):
    """一个年度、一套指标体系中一项指标在全部部门的合计：计分的部门数、得分与分值之和（× 10⁶ 的整数）.

    Kept with the standings (each import and review change adds its difference), so that the dashboard's mean
    score rate of a year of many departments is one row an indicator."""

    __tablename__ = "indicator_total"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, comment="评价年度")
    framework_id: Mapped[str] = mapped_column(String(100), primary_key=True, comment="指标体系编号")
    indicator_id: Mapped[str] = mapped_column(String(100), primary_key=True, comment="指标编号")
    scored: Mapped[int] = mapped_column(Integer, comment="计了分的部门年度数")
    score_micros: Mapped[int] = mapped_column(BigInteger, comment="复核后得分之和 × 10⁶")
    weight_micros: Mapped[int] = mapped_column(BigInteger, comment="分值之和 × 10⁶")
    losing: Mapped[int] = mapped_column(Integer, server_default="0", comment="失分（得分低于分值）的部门年度数")
    name: Mapped[str] = mapped_column(String(200), server_default="", comment="指标名称")
    position: Mapped[int] = mapped_column(Integer, server_default="0", comment="在指标体系中的次序（从 0 起）")


class Account(Base):
    """网页工作台的一个账户：用户名、角色、argon2 密码哈希."""

    __tablename__ = "account"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True, comment="用户名")
    role: Mapped[str] = mapped_column(String(20), comment="角色")
    password_hash: Mapped[str] = mapped_column(String(200), comment="密码的 argon2 哈希")
    created_at: Mapped[datetime] = mapped_column(comment="建立时间（UTC）")
    disabled: Mapped[bool] = mapped_column(Boolean, default=False, comment="已停用")


class AccountDepartment(Base):
    """一个账户可见的部门：第三方评价机构所受托的部门，部门填报人员本部门."""

    __tablename__ = "account_department"

    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), primary_key=True)


class WebSession(Base):
    """一次登录（会话）：存于数据库，多个服务进程共用."""

    __tablename__ = "web_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True, comment="会话令牌的 SHA-256")
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64), comment="表单令牌")
    created_at: Mapped[datetime] = mapped_column(comment="登录时间（UTC）")
    expires_at: Mapped[datetime] = mapped_column(comment="失效时间（UTC）")


class LoginAttempt(Base):
    """一次登录尝试（限制频率用）."""

    __tablename__ = "login_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), index=True, comment="所用用户名")
    address: Mapped[str] = mapped_column(String(64), index=True, comment="来源地址")
    at: Mapped[datetime] = mapped_column(comment="时间（UTC）")
    succeeded: Mapped[bool] = mapped_column(Boolean, comment="是否成功")


class AuditEntry(Base):
    """操作记录：登录、账户变更及网页上的每一次修改."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(comment="时间（UTC）")
    actor: Mapped[str] = mapped_column(String(100), comment="操作人")
    action: Mapped[str] = mapped_column(String(40), comment="操作")
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, comment="内容")


class WebSetting(Base):
    """网页工作台各服务进程共用的设置，例如签署会话 Cookie 的密钥."""

    __tablename__ = "web_setting"

    name: Mapped[str] = mapped_column(String(64), primary_key=True, comment="设置项")
    value: Mapped[str] = mapped_column(Text, comment="值")
