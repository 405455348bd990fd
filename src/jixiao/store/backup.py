"""Backup and restore of the store (备份与恢复), the same for SQLite and PostgreSQL.

A backup is a zip archive: ``manifest.json`` (the store's revision, when, how many rows of each table) and one
``<table>.jsonl`` per table, a row a line, bytes in base64. Restoring needs an empty store of the same revision
(``jixiao db init``) and writes every table in one transaction: all of the backup, or nothing. A backup taken
from SQLite restores into PostgreSQL and back.
"""

from __future__ import annotations

import base64
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, insert, select, text

from .db import StoreError
from .migrate import current_revision
from .schema import Base

FORMAT = "jixiao-store-backup/1"
_MAX_MEMBER = 2 * 1024 * 1024 * 1024  # a member larger than this is no backup of ours


def _plain(value: Any) -> Any:
    if isinstance(value, bytes):
        return {"$bytes": base64.b64encode(value).decode("ascii")}
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    return value


def _back(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        if "$bytes" in value:
            return base64.b64decode(value["$bytes"])
        if "$datetime" in value:
            return datetime.fromisoformat(value["$datetime"])
    return value


def backup(engine: Engine, target: Path) -> dict[str, int]:
    """Write every table of the store to ``target`` (a zip written beside it, then moved into place)."""
    from ..outputs import write_file

    counts: dict[str, int] = {}
    members: dict[str, bytes] = {}
    with engine.connect() as connection, connection.begin():  # one consistent snapshot
        for table in Base.metadata.sorted_tables:
            lines = [json.dumps({k: _plain(v) for k, v in row._mapping.items()}, ensure_ascii=False)
                     for row in connection.execute(select(table).order_by(*table.primary_key.columns))]
            members[f"{table.name}.jsonl"] = ("\n".join(lines) + ("\n" if lines else "")).encode("utf-8")
            counts[table.name] = len(lines)
    manifest = {"format": FORMAT, "revision": current_revision(engine),
                "taken_at": datetime.now(UTC).isoformat(), "rows": counts}

    def write(handle: Any) -> None:
        with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
            for name, data in members.items():
                archive.writestr(name, data)

    write_file(target, write)
    return counts


def restore(engine: Engine, source: Path) -> dict[str, int]:
    """Load a backup into an empty store of the same revision, all in one transaction."""
    try:
        archive = zipfile.ZipFile(source)
    except (OSError, zipfile.BadZipFile):
        raise StoreError(f"{source} 不是 jixiao 数据库备份文件（无法作为 zip 打开）") from None
    with archive:
        try:
            manifest = json.loads(archive.read("manifest.json"))
        except (KeyError, ValueError):
            raise StoreError(f"{source} 不是 jixiao 数据库备份文件（缺少 manifest.json）") from None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise StoreError(f"{source} 不是本版本 jixiao 的数据库备份（格式 {manifest.get('format')!r}）")
        revision = current_revision(engine)
        if manifest.get("revision") != revision:
            raise StoreError(f"备份的数据库结构版本为 {manifest.get('revision')}，目标数据库为 {revision}："
                             "请恢复到同一版本的数据库，或先升级")
        counts: dict[str, int] = {}
        with engine.begin() as connection:
            for table in Base.metadata.sorted_tables:
                if connection.scalar(select(func.count()).select_from(table)):
                    raise StoreError(f"目标数据库的 {table.name} 表中已有数据：只能恢复到空的数据库（jixiao db init）")
            for table in Base.metadata.sorted_tables:
                try:
                    info = archive.getinfo(f"{table.name}.jsonl")
                except KeyError:
                    raise StoreError(f"备份文件 {source} 不完整：缺少 {table.name} 表") from None
                if info.file_size > _MAX_MEMBER:
                    raise StoreError(f"备份中的 {table.name} 表过大（{info.file_size} 字节），拒绝恢复")
                rows = [{k: _back(v) for k, v in json.loads(line).items()}
                        for line in archive.read(info).decode("utf-8").splitlines() if line]
                if rows:
                    connection.execute(insert(table), rows)
                counts[table.name] = len(rows)
            if connection.dialect.name == "postgresql":  # the ids go on after the restored ones
                for table in Base.metadata.sorted_tables:
                    connection.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"COALESCE((SELECT max(id) FROM {table.name}), 0) + 1, false)"))
        return counts
