"""Review (复核) of a stored department-year: every change an event with a reason, the year re-scored, the
state moved only as allowed, a stale or invalid change refused and nothing stored. On both databases."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from jixiao.cli import app
from store_support import rows, store_url

__all__ = ["store_url"]  # the fixture, used by name
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "shenzhen-ccpit-2023.yaml"
runner = CliRunner()


def _imported(url: str) -> str:
    assert runner.invoke(app, ["db", "init", "--db", url]).exit_code == 0
    assert runner.invoke(app, ["import", str(EXAMPLE), "--db", url]).exit_code == 0
    return url


def _review(url: str, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["review", "深圳市贸促委", "2023", *args, "--db", url])
    return result.exit_code, result.output


def test_a_review_changes_an_award_with_its_reason_and_rescores(store_url: str) -> None:
    db = _imported(store_url)
    code, output = _review(db, "--set", "budget.adjusted=4900", "--reason", "太早")
    assert code == 2 and "只有“复核中”状态下才能修改" in output
    assert _review(db, "--state", "复核中", "--reason", "开始复核", "--by", "李四")[0] == 0
    # 项目监管's inspection item: the department gave itself 0.8 of 1; the reviewer finds 0.5
    code, output = _review(db, "--set", "judgements.project_supervision.items.inspection=0.5",
                           "--reason", "未提供对主管资金的检查材料", "--by", "李四")
    assert code == 0, output
    assert "自评 96.77，复核后 96.47" in output  # 96.77 − (0.8 − 0.5)
    history = runner.invoke(app, ["history", "深圳市贸促委", "2023", "--db", db])
    assert history.exit_code == 0
    assert "自评得分 96.77（优），复核后得分 96.47（优）" in history.output
    events = rows(db, "SELECT seq, kind, actor, target, reason FROM review_event ORDER BY seq")
    assert events == [(1, "state", "李四", None, "开始复核"),
                      (2, "change", "李四", "judgements.project_supervision.items.inspection",
                       "未提供对主管资金的检查材料")]
    # the submission as imported is untouched
    assert rows(db, "SELECT total FROM submission") == [("96.77",)]


def test_changes_without_a_reason_or_beyond_the_points_or_on_a_stale_view_store_nothing(store_url: str) -> None:
    db = _imported(store_url)
    assert _review(db, "--state", "复核中", "--reason", "开始")[0] == 0
    code, output = _review(db, "--set", "judgements.project_supervision.items.inspection=0.5")
    assert code == 2 and "须说明理由" in output
    code, output = _review(db, "--set", "judgements.project_supervision.items.inspection=5", "--reason", "多给")
    assert code == 2 and "超过该要点的分值 1" in output
    code, output = _review(db, "--set", "budget.adjusted=很多", "--reason", "笔误")
    assert code == 2
    assert _review(db, "--set", "budget.adjusted=4900", "--reason", "按决算调整", "--after", "1")[0] == 0
    code, output = _review(db, "--state", "已复核", "--reason", "完成", "--after", "1")  # saw only event 1
    assert code == 2 and "复核记录已更新" in output
    assert rows(db, "SELECT count(*) FROM review_event") == [(2,)]


def test_the_state_moves_only_as_allowed_and_a_reply_takes_it_back(store_url: str) -> None:
    db = _imported(store_url)
    code, output = _review(db, "--state", "已复核", "--reason", "跳过")
    assert code == 2 and "不能从“待复核”改为“已复核”" in output
    assert _review(db, "--state", "复核中", "--reason", "开始")[0] == 0
    assert _review(db, "--state", "退回", "--reason", "缺少固定资产明细")[0] == 0
    reply = runner.invoke(app, ["reply", "深圳市贸促委", "2023", "--reason", "已补充明细", "--db", db])
    assert reply.exit_code == 0 and "回到“待复核”" in reply.output
    import json

    def plain(value: object) -> object:  # a JSON column: its JSON text on SQLite, decoded on PostgreSQL
        try:
            return json.loads(value) if isinstance(value, str) else value
        except ValueError:
            return value

    states = rows(db, "SELECT kind, before, after FROM review_event ORDER BY seq")
    assert [(k, plain(b), plain(a)) for k, b, a in states] == [
        ("state", "待复核", "复核中"), ("state", "复核中", "退回"), ("reply", "退回", "待复核")]


def test_two_reviewers_at_once_one_is_saved_the_other_refused_and_told_who(store_url: str) -> None:
    """Two reviewers, each on their own connection, both having seen event 1, save at the same moment: one
    change is stored, the other is refused (never two changes on the same view, never a lost one)."""
    import threading

    from jixiao.problems import InputError
    from jixiao.store.db import StoreError, engine_for, locate
    from jixiao.store.review import change_value, record

    db = _imported(store_url)
    assert _review(db, "--state", "复核中", "--reason", "开始")[0] == 0
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def reviewer(name: str, value: str) -> None:
        engine = engine_for(locate(db))  # a connection pool of its own, as another process would have
        barrier.wait()
        try:
            record(engine, "深圳市贸促委", 2023, kind="change", actor=name, reason=f"{name}的意见",
                   target="judgements.project_supervision.items.inspection",
                   value=change_value("judgements.project_supervision.items.inspection", value, "理由"),
                   after_seq=1)
            outcomes[name] = "saved"
        except (StoreError, InputError) as exc:
            outcomes[name] = str(exc)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=reviewer, args=(n, v)) for n, v in (("甲", "0.5"), ("乙", "0.6"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(v == "saved" for v in outcomes.values()) == [False, True], outcomes
    refused = next(v for v in outcomes.values() if v != "saved")
    winner = next(k for k, v in outcomes.items() if v == "saved")
    assert "本次未保存" in refused and (winner in refused or "另一位复核人员" in refused)
    assert rows(db, "SELECT count(*) FROM review_event") == [(2,)]
    assert rows(db, "SELECT actor FROM review_event WHERE seq = 2") == [(winner,)]
