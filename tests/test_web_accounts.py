"""Accounts of the web workspace: ``jixiao user add`` stores an argon2 hash, never the password, with the
departments the role may see; a wrong request stores nothing and says every problem. On both databases."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from jixiao.cli import app
from store_support import rows, store_url

__all__ = ["store_url"]  # the fixture, used by name
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "shenzhen-ccpit-2023.yaml"
runner = CliRunner()
PASSWORD = "正确的马电池钉书针"  # 9 characters: too short
GOOD = "correct-horse-battery"


def _imported(url: str) -> str:
    assert runner.invoke(app, ["db", "init", "--db", url]).exit_code == 0
    assert runner.invoke(app, ["import", str(EXAMPLE), "--db", url]).exit_code == 0
    return url


def _add(url: str, *args: str, password: str = GOOD, again: str | None = None) -> tuple[int, str]:
    result = runner.invoke(app, ["user", "add", *args, "--db", url], input=f"{password}\n{again or password}\n")
    return result.exit_code, result.output


def test_a_department_user_is_stored_with_an_argon2_hash_and_their_department(store_url: str) -> None:
    db = _imported(store_url)
    code, output = _add(db, "张三", "--role", "部门填报人员", "--department", "深圳市贸促委")
    assert code == 0, output
    assert "已建立账户：张三（部门填报人员）" in output
    [(name, role, hashed)] = rows(db, "SELECT name, role, password_hash FROM account")
    assert (name, role) == ("张三", "部门填报人员")
    assert hashed.startswith("$argon2id$") and GOOD not in hashed
    from argon2 import PasswordHasher

    assert PasswordHasher().verify(hashed, GOOD)
    assert rows(db, "SELECT d.code FROM account_department a JOIN department d ON d.id = a.department_id") == [
        ("深圳市贸促委",)]
    [(actor, action)] = rows(db, "SELECT actor, action FROM audit_entry")
    assert action == "建立账户" and actor


def test_a_wrong_request_says_every_problem_and_stores_nothing(store_url: str) -> None:
    db = _imported(store_url)
    code, output = _add(db, "李四", "--role", "部门填报人员", "--department", "财政局", password=PASSWORD)
    assert code == 2
    assert "部门“财政局”不在数据库中" in output and "密码至少 10 个字符" in output
    code, output = _add(db, "王五", "--role", "局长")
    assert code == 2 and "角色“局长”不存在" in output
    code, output = _add(db, "赵六", "--role", "财政局评价人员", again="another-password")
    assert code == 2 and "两次输入的密码不一致" in output
    code, output = _add(db, "钱七", "--role", "第三方评价机构")
    assert code == 2 and "须指定受托的部门" in output
    assert rows(db, "SELECT count(*) FROM account") == [(0,)]
    assert rows(db, "SELECT count(*) FROM audit_entry") == [(0,)]


def test_a_name_is_taken_once(store_url: str) -> None:
    db = _imported(store_url)
    assert _add(db, "admin", "--role", "管理员")[0] == 0
    code, output = _add(db, "admin", "--role", "财政局评价人员")
    assert code == 2 and "用户名“admin”已存在" in output
    assert rows(db, "SELECT role FROM account") == [("管理员",)]
