"""Where ``jixiao report`` writes: an existing report is kept unless --overwrite; every output is checked before
anything is written; a failure names the file the user asked for, in Chinese, and leaves nothing behind."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from casefiles import EXAMPLE
from jixiao import outputs
from report_fixtures import report_app


def _run(*args: str, case: Path = EXAMPLE) -> tuple[int, str]:
    result = CliRunner().invoke(report_app(), ["report", str(case), "--no-charts", *args])
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), \
        result.exception
    return result.exit_code, result.output


def _everything(folder: Path) -> list[str]:
    """Every file and folder below ``folder``, hidden ones included."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.fixture(autouse=True)
def _own_temporary_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary folder of the test's own, to see that a run leaves no scratch in it."""
    folder = tmp_path_factory.mktemp("scratch")
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


# ---------------------------------------------------------------------------------------------- overwrite


def test_an_existing_report_is_kept_unless_overwrite_is_given(tmp_path: Path) -> None:
    edited = tmp_path / "报告.md"
    edited.write_text("手工修改过的报告\n", encoding="utf-8")
    code, output = _run("-o", str(tmp_path / "新.html"), "-o", str(edited))
    assert code == 2
    assert f"{edited}：文件已存在" in output and "--overwrite" in output
    assert edited.read_text(encoding="utf-8") == "手工修改过的报告\n"
    assert _everything(tmp_path) == ["报告.md"]  # nor the other output

    code, output = _run("--overwrite", "-o", str(edited))
    assert code == 0, output
    assert "96.77" in edited.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------------- paths


def test_every_path_problem_is_listed_before_anything_is_written(tmp_path: Path) -> None:
    (tmp_path / "目录.md").mkdir()
    (tmp_path / "文件").write_text("", encoding="utf-8")
    long_name = "长" * 90 + ".md"  # 270 bytes in UTF-8: over the 255 a name may have
    code, output = _run(
        "-o", str(tmp_path / "好.docx"),
        "-o", str(tmp_path / "目录.md"),
        "-o", str(tmp_path / long_name),
        "-o", str(tmp_path / "新目录" / long_name),  # below a folder that does not exist yet
        "-o", str(tmp_path / "文件" / "报告.md"),
        "-o", str(tmp_path / "好.docx"),
        "-o", str(tmp_path / "报告.txt"),
    )
    assert code == 2
    assert "发现 6 个问题，未生成结果" in output
    assert f"{tmp_path / '目录.md'}：这是一个目录" in output
    assert output.count("文件名或路径太长") == 2
    assert f"{tmp_path / '文件' / '报告.md'}：无法写入：路径中有一部分不是目录" in output
    assert f"{tmp_path / '好.docx'}：同一个输出文件给出了不止一次" in output
    assert "报告.txt：输出文件的扩展名应为 .docx、.pdf、.html、.htm 或 .md" in output
    assert "Traceback" not in output
    assert _everything(tmp_path) == ["文件", "目录.md"]


def test_output_problems_are_listed_with_the_case_problems(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text("department: {name: 某局}\nyear: 2023\nbudget: {initial: 27.000.00, adjusted: 1}\n",
                    encoding="utf-8")
    code, output = _run("-o", str(case.with_suffix(".txt")), case=case)
    assert code == 2
    assert "case.txt：输出文件的扩展名应为" in output and "第 3 行" in output


def test_a_read_only_folder_is_refused_before_any_other_output_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Root may write anywhere chmod forbids, so the folder is made read-only in the eyes of os.access and of
    # the file system's flags; the real thing, a read-only mount, is the next test.
    locked = tmp_path / "只读"
    locked.mkdir()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: Path(path) != locked and real_access(path, mode))
    code, output = _run("-o", str(tmp_path / "a.docx"), "-o", str(locked / "b.pdf"))
    assert code == 2
    assert f"{locked / 'b.pdf'}：无法在目录“{locked}”中新建文件" in output
    assert _everything(tmp_path) == ["只读"]


def _namespace_available() -> bool:
    unshare = shutil.which("unshare")
    if unshare is None or sys.platform != "linux":
        return False
    return subprocess.run([unshare, "-rm", "true"], capture_output=True, check=False).returncode == 0


needs_namespace = pytest.mark.skipif(not _namespace_available(),
                                     reason="needs `unshare -rm` (user and mount namespaces) to mount folders")


def _in_namespace(script: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run a shell script as root of a private mount namespace: its mounts vanish with it."""
    return subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, PY=sys.executable, EXAMPLE=str(EXAMPLE), **env), check=False)


@needs_namespace
def test_a_read_only_mount(tmp_path: Path) -> None:
    locked, other = tmp_path / "只读", tmp_path / "可写"
    locked.mkdir()
    other.mkdir()
    result = _in_namespace(
        'mount --bind "$LOCKED" "$LOCKED" && mount -o remount,ro,bind "$LOCKED" && '
        '"$PY" -m jixiao report "$EXAMPLE" --no-charts -o "$OTHER/a.docx" -o "$LOCKED/b.md"',
        LOCKED=str(locked), OTHER=str(other))
    assert result.returncode == 2, result.stderr
    assert f"{locked / 'b.md'}：无法在目录“{locked}”中新建文件：所在文件系统是只读的" in result.stderr
    assert "Traceback" not in result.stderr
    assert _everything(tmp_path) == ["只读", "可写"]


@needs_namespace
def test_a_full_disk_leaves_nothing_on_it(tmp_path: Path) -> None:
    small = tmp_path / "小盘"
    small.mkdir()
    # A 32 KiB file system: the Word report with its charts does not fit; the listing is taken inside, while
    # the file system is still mounted.
    result = _in_namespace(
        'mount -t tmpfs -o size=32k jixiao-test "$SMALL" && '
        '"$PY" -m jixiao report "$EXAMPLE" -o "$SMALL/报告.docx" -o "$SMALL/报告.md"; '
        'status=$?; ls -A "$SMALL"; exit $status',
        SMALL=str(small))
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("未生成报告，没有写出任何文件：")
    assert f"{small / '报告.docx'}：磁盘空间不足" in result.stderr
    assert ".jixiao-" not in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""  # the listing: empty


# ---------------------------------------------------------------------------------------------- failures


def test_a_full_disk_names_the_output_and_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         _own_temporary_folder: Path) -> None:
    real_write = Path.write_bytes

    def full_on_markdown(self: Path, data: bytes) -> int:
        if self.name.startswith(".jixiao-") and self.suffix == ".md":
            real_write(self, data[:100])  # a part got out before the disk filled up
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", full_on_markdown)
    code, output = _run("-o", str(tmp_path / "r.docx"), "-o", str(tmp_path / "新" / "目录" / "r.md"))
    assert code == 1
    assert output == f"未生成报告，没有写出任何文件：{tmp_path / '新' / '目录' / 'r.md'}：磁盘空间不足\n"
    assert _everything(tmp_path) == []  # nor the folders made for it
    assert _everything(_own_temporary_folder) == []


def test_a_failed_pdf_conversion_names_the_pdf_asked_for(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        _own_temporary_folder: Path) -> None:
    office = tmp_path / "bin" / "soffice"
    office.parent.mkdir()
    office.write_text("#!/bin/sh\necho 'source file could not be loaded' >&2\nexit 3\n", encoding="utf-8")
    office.chmod(0o755)
    monkeypatch.setattr("jixiao.report.pdf.office_binary", lambda: str(office))
    out = tmp_path / "out"
    code, output = _run("-o", str(out / "r.docx"), "-o", str(out / "r.pdf"))
    assert code == 1
    assert output.startswith(f"未生成报告，没有写出任何文件：无法生成 {out / 'r.pdf'}：LibreOffice 未能完成转换（退出码 3）")
    assert "source file could not be loaded" in output and ".jixiao-" not in output
    assert not out.exists()
    assert _everything(_own_temporary_folder) == []


def test_an_interrupted_write_removes_what_it_made(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("jixiao.report.output._markdown", lambda document: (_ for _ in ()).throw(KeyboardInterrupt))
    result = CliRunner().invoke(report_app(), ["report", str(EXAMPLE), "--no-charts", "-o", str(tmp_path / "a.html"),
                                         "-o", str(tmp_path / "b" / "r.md")])
    assert result.exit_code == 130
    assert _everything(tmp_path) == []


def test_a_failed_rename_says_which_files_are_already_in_place(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    real_replace = os.replace

    def refuse_second(source: str | Path, target: str | Path) -> None:
        if Path(target).name == "b.md":
            raise OSError(errno.EACCES, os.strerror(errno.EACCES), str(source))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", refuse_second)
    first, second = tmp_path / "a.md", tmp_path / "b.md"
    with pytest.raises(outputs.OutputError) as caught, outputs.staging([first, second]) as (one, two):
        one.write_text("一", encoding="utf-8")
        two.write_text("二", encoding="utf-8")
    assert caught.value.path == second and caught.value.written == (first,)
    assert str(caught.value) == f"{second}：没有写入权限"
    assert _everything(tmp_path) == ["a.md"]
