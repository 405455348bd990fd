"""Accounts of the web workspace (账户与角色): who may log in, in which role, seeing which departments.

管理员 keeps the accounts; 财政局评价人员 see every department; 第三方评价机构 see the departments assigned to
them; 部门填报人员 see their own department only.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, insert, select

from .db import StoreError, writing
from .schema import Account, AccountDepartment, AuditEntry, Department

ADMIN, BUREAU, THIRD_PARTY, DEPARTMENT = "管理员", "财政局评价人员", "第三方评价机构", "部门填报人员"
ROLES = (ADMIN, BUREAU, THIRD_PARTY, DEPARTMENT)
MIN_PASSWORD = 10


def now() -> datetime:
    """The store's clock: UTC without a zone, as the store's other times."""
    return datetime.now(UTC).replace(tzinfo=None)


def add_account(engine: Engine, name: str, role: str, password: str, departments: Sequence[str] = (),
                *, actor: str) -> int:
    """A new account; every problem with the request is said at once (:class:`StoreError`)."""
    from argon2 import PasswordHasher

    problems = []
    name = name.strip()
    if not name:
        problems.append("用户名不能为空")
    if role not in ROLES:
        problems.append(f"角色“{role}”不存在，应为：{'、'.join(ROLES)}")
    if role == DEPARTMENT and len(departments) != 1:
        problems.append("部门填报人员须指定且只能指定一个部门（--department 部门编码）")
    if role in (ADMIN, BUREAU) and departments:
        problems.append(f"{role}可见全部部门，不应指定部门")
    if role == THIRD_PARTY and not departments:
        problems.append("第三方评价机构须指定受托的部门（--department 部门编码，可重复）")
    if len(password) < MIN_PASSWORD:
        problems.append(f"密码至少 {MIN_PASSWORD} 个字符")
    with writing(engine) as connection:
        if name and connection.execute(select(Account.id).where(Account.name == name)).first():
            problems.append(f"用户名“{name}”已存在")
        found = dict(connection.execute(select(Department.code, Department.id)
                                        .where(Department.code.in_(list(departments)))).all())
        problems += [f"部门“{code}”不在数据库中（先导入该部门的报送）" for code in departments if code not in found]
        if problems:
            raise StoreError("；".join(problems))
        account_id: int = connection.execute(insert(Account).values(
            name=name, role=role, password_hash=PasswordHasher().hash(password), created_at=now(),
            disabled=False).returning(Account.id)).scalar_one()
        for code in dict.fromkeys(departments):
            connection.execute(insert(AccountDepartment).values(account_id=account_id, department_id=found[code]))
        audit(connection, actor, "建立账户", {"用户名": name, "角色": role, "部门": list(departments)})
    return account_id


def audit(connection: Any, actor: str, action: str, detail: dict[str, Any]) -> None:
    """One line of the audit log, in the caller's transaction."""
    connection.execute(insert(AuditEntry).values(at=now(), actor=actor, action=action, detail=detail))
