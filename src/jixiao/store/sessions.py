"""Logging in to the web workspace (登录与会话): passwords checked, attempts limited, sessions kept in the store.

Everything lives in the database, so that several server processes share it: a session is a random token whose
SHA-256 is stored (the token itself only in the visitor's cookie), with its form token (CSRF) and its expiry;
every attempt to log in is a row, and too many failures for one name or from one address within a quarter of an
hour refuse the next attempts for that while, whichever process they reach. Every login, failed or not, and
every logout is written to the audit log.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, func, insert, select

from .accounts import ADMIN, BUREAU, audit, now
from .db import writing
from .schema import Account, AccountDepartment, Department, LoginAttempt, WebSession, WebSetting

SESSION_HOURS = 8
WINDOW = timedelta(minutes=15)
FAILURES_PER_NAME = 5
FAILURES_PER_ADDRESS = 20
_DUMMY_HASH: list[str] = []  # a hash to verify against when the name is unknown (the same time either way)


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who is asking: the account, its role, and the department codes it may see (None: every department)."""

    account_id: int
    name: str
    role: str
    departments: frozenset[str] | None

    def sees(self, code: str) -> bool:
        return self.departments is None or code in self.departments


@dataclass(frozen=True, slots=True)
class Session:
    viewer: Viewer
    csrf: str
    expires_at: datetime


class LoginRefused(Exception):
    """The login did not succeed; the message (in Chinese) says what the visitor may be told."""


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def signing_key(engine: Engine) -> str:
    """The key that signs session cookies: made once per database and shared by every server process."""
    with engine.connect() as connection:
        found = connection.scalar(select(WebSetting.value).where(WebSetting.name == "cookie_key"))
    if found is not None:
        return str(found)
    from sqlalchemy.exc import IntegrityError

    try:
        with writing(engine) as connection:
            connection.execute(insert(WebSetting).values(name="cookie_key", value=secrets.token_hex(32)))
    except IntegrityError:  # another process made it first: use theirs
        pass
    with engine.connect() as connection:
        return str(connection.scalar(select(WebSetting.value).where(WebSetting.name == "cookie_key")))


def log_in(engine: Engine, name: str, password: str, address: str) -> tuple[str, Session]:
    """Check the password and open a session: its token (for the cookie) and the session; else
    :class:`LoginRefused`. The attempt is recorded and audited either way."""
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError

    name = name.strip()[:100]
    address = address[:64]
    since = now() - WINDOW
    with engine.connect() as connection:
        failures = connection.execute(select(
            func.count().filter(LoginAttempt.name == name),
            func.count().filter(LoginAttempt.address == address),
        ).where(LoginAttempt.at >= since, LoginAttempt.succeeded.is_(False),
                (LoginAttempt.name == name) | (LoginAttempt.address == address))).one()
        account = connection.execute(select(Account.id, Account.name, Account.role, Account.password_hash,
                                            Account.disabled).where(Account.name == name)).first()
    if failures[0] >= FAILURES_PER_NAME or failures[1] >= FAILURES_PER_ADDRESS:
        with writing(engine) as connection:
            audit(connection, name or "（空）", "登录被限制", {"来源地址": address})
        raise LoginRefused(f"登录失败次数过多，请 {WINDOW.seconds // 60} 分钟后再试")
    hasher = PasswordHasher()
    if not _DUMMY_HASH:
        _DUMMY_HASH.append(hasher.hash(secrets.token_hex(8)))
    try:
        hasher.verify(account.password_hash if account is not None else _DUMMY_HASH[0], password)
        good = account is not None and not account.disabled
    except (VerificationError, InvalidHashError):
        good = False
    if not good:  # the failure is recorded (and counts towards the limit) before it is told
        with writing(engine) as connection:
            connection.execute(insert(LoginAttempt).values(name=name, address=address, at=now(), succeeded=False))
            audit(connection, name or "（空）", "登录失败", {"来源地址": address})
        raise LoginRefused("用户名或密码不正确")
    assert account is not None
    with writing(engine) as connection:
        connection.execute(insert(LoginAttempt).values(name=name, address=address, at=now(), succeeded=True))
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
        expires = now() + timedelta(hours=SESSION_HOURS)
        connection.execute(insert(WebSession).values(token_sha256=_digest(token), account_id=account.id,
                                                     csrf_token=csrf, created_at=now(), expires_at=expires))
        connection.execute(delete(WebSession).where(WebSession.expires_at < now()))
        audit(connection, account.name, "登录", {"来源地址": address})
    viewer = _viewer(engine, account.id, account.name, account.role)
    return token, Session(viewer, csrf, expires)


def _viewer(engine: Engine, account_id: int, name: str, role: str) -> Viewer:
    if role in (ADMIN, BUREAU):
        return Viewer(account_id, name, role, None)
    with engine.connect() as connection:
        codes = connection.scalars(select(Department.code).join(
            AccountDepartment, AccountDepartment.department_id == Department.id).where(
            AccountDepartment.account_id == account_id)).all()
    return Viewer(account_id, name, role, frozenset(codes))


def session_for(engine: Engine, token: str) -> Session | None:
    """The session of a token that is current and whose account is not disabled; else None."""
    with engine.connect() as connection:
        found = connection.execute(
            select(WebSession.csrf_token, WebSession.expires_at, Account.id, Account.name, Account.role)
            .join(Account, Account.id == WebSession.account_id)
            .where(WebSession.token_sha256 == _digest(token), WebSession.expires_at > now(),
                   Account.disabled.is_(False))).first()
    if found is None:
        return None
    return Session(_viewer(engine, found.id, found.name, found.role), found.csrf_token, found.expires_at)


def log_out(engine: Engine, token: str) -> None:
    with writing(engine) as connection:
        name = connection.scalar(select(Account.name).join(WebSession, WebSession.account_id == Account.id)
                                 .where(WebSession.token_sha256 == _digest(token)))
        connection.execute(delete(WebSession).where(WebSession.token_sha256 == _digest(token)))
        if name is not None:
            audit(connection, name, "退出登录", {})
