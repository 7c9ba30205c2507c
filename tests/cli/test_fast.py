"""The fast dispatch (``ecociv.cli._fast``) and the cached root help print exactly what Typer
prints: every command line runs as a real process twice — as users run it, and with
``ECOCIV_FAST_CLI=0`` (always Typer) — and the exit code, stdout and stderr bytes are compared.
Each run also says whether Typer was imported, so that a test knows which path answered."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest
from tests.conftest import GANXIAN, HUICHANG, YICHUN

#: runs ``ecociv.cli.main`` as the ``ecociv`` script does, and writes whether Typer was loaded
_RUNNER = """
import atexit, os, sys
atexit.register(lambda: open(os.environ["FAST_TEST_FLAG"], "w").write(str("typer" in sys.modules)))
sys.argv = ["ecociv", *sys.argv[1:]]
from ecociv.cli import main
sys.exit(main())
"""


class Run(NamedTuple):
    code: int
    out: bytes
    err: bytes
    typer: bool


def _run(args: list[str], env: dict[str, str], flag: Path, *, fast: bool = True) -> Run:
    env = {**env, "FAST_TEST_FLAG": str(flag), "ECOCIV_FAST_CLI": "1" if fast else "0"}
    r = subprocess.run([sys.executable, "-c", _RUNNER, *args], env=env, capture_output=True, timeout=120)
    return Run(r.returncode, r.stdout, r.stderr, flag.read_text() == "True")


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    out = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "FORCE_COLOR", "NO_COLOR")}
    out["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    return out


def _same(args: list[str], env: dict[str, str], tmp_path: Path) -> Run:
    """Both paths on ``args``: identical bytes and exit code; returns the fast run."""
    fast = _run(args, env, tmp_path / "flag-fast")
    slow = _run(args, env, tmp_path / "flag-typer", fast=False)
    assert slow.typer
    assert (fast.code, fast.out, fast.err) == (slow.code, slow.out, slow.err), args
    return fast


@pytest.mark.parametrize(
    "args",
    [
        ["eval", "≥20", "24.5"],
        ["eval", "≤35", "40", "--json"],
        ["eval", "≥85", "86", "--name", "城镇污水处理率"],
        ["eval", "≥85", "86", "--name=城镇污水处理率", "--json"],
        ["eval", "保持稳定或持续改善", "17", "--baseline", "19", "--name", "PM2.5浓度", "--json"],
        ["eval", "完成上级下达的目标任务", "12", "--higher-level", "15", "--direction", "lower"],
        ["eval", "完成上级规定的考核任务", "--confirmed"],
        ["eval", "完成上级规定的考核任务", "--not-confirmed", "--json"],
        ["eval", "≥20"],
        ["eval", "", "3"],
        ["eval", "≥20", "abc"],
        ["eval", "≥20", "24.5", "--unit", "%", "--terrain", "山区"],
    ],
)
def test_eval_fast_path_prints_what_typer_prints(args: list[str], env: dict[str, str], tmp_path: Path) -> None:
    fast = _same(args, env, tmp_path)
    assert fast.code == 0 and fast.out.strip()
    assert not fast.typer  # answered without Typer


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["eval", "≥20", "24.5", "--direction", "up"], "方向“up”无效"),
        (["eval", "≥20", "24.5", "--terrain", "海岛"], "地形“海岛”无效"),
        (["eval"], "请给出指标值"),
    ],
)
def test_eval_fast_path_errors_are_typers(args: list[str], message: str, env: dict[str, str], tmp_path: Path) -> None:
    fast = _same(args, env, tmp_path)
    assert fast.code == 2 and not fast.typer
    assert fast.err.decode().startswith("错误：") and message in fast.err.decode()
    assert b"Traceback" not in fast.err and fast.out == b""


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["eval", "--help"], False),
        (["eval", "≥20", "24.5", "--help"], False),
        (["eval", "≥20", "24.5", "extra"], True),
        (["eval", "≥20", "-5"], True),
        (["eval", "≥20", "24.5", "--bogus"], True),
        (["eval", "≥20", "24.5", "--json", "--json"], False),
        (["eval", "≥20", "24.5", "--json=1"], True),
        (["eval", "≥20", "24.5", "--higher-level", "abc"], True),
        (["eval", "≥20", "24.5", "--higher-level", "1e3"], False),
        (["eval", "≥20", "24.5", "--name"], True),
        (["eval", "\x1b[31m≥20", "24.5"], False),
        (["plans", "--help"], False),
        (["plans", "extra"], True),
        (["plans", "--bogus"], True),
        (["plans", "--json", "--json"], False),
    ],
)
def test_what_the_fast_path_does_not_read_goes_to_typer(
    args: list[str], error: bool, env: dict[str, str], tmp_path: Path
) -> None:
    env["ECOCIV_DATABASE_URL"] = f"sqlite:///{tmp_path / 'plans.sqlite3'}"
    fast = _same(args, env, tmp_path)
    assert fast.typer
    assert (fast.code, fast.err.decode().startswith("错误：")) == ((2, True) if error else (0, False))


def test_plans_fast_path_prints_what_typer_prints(env: dict[str, str], tmp_path: Path) -> None:
    env["ECOCIV_DATABASE_URL"] = f"sqlite:///{tmp_path / 'plans.sqlite3'}"
    env["ECOCIV_HOME"] = str(tmp_path / "home")
    empty = _same(["plans"], env, tmp_path)  # a new database: created by the first run
    assert "还没有规划" in empty.out.decode() and not empty.typer
    subprocess.run([str(Path(sys.executable).parent / "ecociv"), "sample", "load"],
                   env=env, check=True, capture_output=True, timeout=300)
    listed = _same(["plans"], env, tmp_path)
    assert not listed.typer and listed.out.decode().startswith("已保存的规划（3 份）")
    as_json = _same(["plans", "--json"], env, tmp_path)
    assert not as_json.typer and len(json.loads(as_json.out)) == 3


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of a database holding the three sample plans."""
    home = tmp_path_factory.mktemp("samples")
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "FORCE_COLOR", "NO_COLOR")}
    env.update(ECOCIV_DATABASE_URL=f"sqlite:///{home / 'db.sqlite3'}", ECOCIV_HOME=str(home),
               XDG_CACHE_HOME=str(home / "cache"))
    subprocess.run([str(Path(sys.executable).parent / "ecociv"), "sample", "load"],
                   env=env, check=True, capture_output=True, timeout=300)
    return env


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["show", "1"], 0),
        (["show", "2", "--table", "1"], 0),
        (["show", "3", "-t", "1"], 0),
        (["show", "3", "--table=1"], 0),
        (["show", "会昌"], 0),
        (["show", "生态"], 2),  # several plans: their list
        (["show", "999"], 2),
        (["show", "没有这个地区"], 2),
        (["show", "1", "--table", "99"], 2),
    ],
)
def test_show_fast_path_prints_what_typer_prints(
    args: list[str], code: int, samples: dict[str, str], tmp_path: Path
) -> None:
    fast = _same(args, samples, tmp_path)
    assert not fast.typer and fast.code == code
    if code:
        assert fast.err.decode().startswith("错误：") and fast.out == b""
    else:
        assert "指标表" in fast.out.decode()


@pytest.mark.parametrize(
    "args",
    [["show"], ["show", "--help"], ["show", "1", "--table", "x"], ["show", "1", "-t0"], ["show", "1", "2"],
     ["show", "1", "--table", "0"]],
)
def test_show_command_lines_the_fast_path_does_not_read_go_to_typer(
    args: list[str], samples: dict[str, str], tmp_path: Path
) -> None:
    fast = _same(args, samples, tmp_path)
    assert fast.typer and fast.code == (0 if "--help" in args else 2)


def test_root_help_from_the_cache_is_typers(env: dict[str, str], tmp_path: Path) -> None:
    first = _same(["--help"], env, tmp_path)  # renders (with Typer) and records
    assert first.typer and b"Usage: ecociv" in first.out
    again = _run(["--help"], env, tmp_path / "flag")
    if again.typer:  # the first run wrote bytecode it had looked for: recorded again now
        again = _run(["--help"], env, tmp_path / "flag")
    assert not again.typer
    assert (again.code, again.out, again.err) == (first.code, first.out, first.err)
    records = list((tmp_path / "cache" / "ecociv").glob("help-*.json"))
    assert len(records) == 1
    # another terminal width is another record, rendered by Typer, then cached
    wide = {**env, "COLUMNS": "132"}
    rendered = _same(["--help"], wide, tmp_path)
    assert rendered.out != first.out
    assert _run(["--help"], wide, tmp_path / "flag") == rendered._replace(typer=False)


def test_root_help_record_is_stale_when_a_file_it_read_changes(env: dict[str, str], tmp_path: Path) -> None:
    _run(["--help"], env, tmp_path / "flag")
    _run(["--help"], env, tmp_path / "flag")
    assert not _run(["--help"], env, tmp_path / "flag").typer
    [record] = (tmp_path / "cache" / "ecociv").glob("help-*.json")
    data = json.loads(record.read_text(encoding="utf-8"))
    watched = tmp_path / "watched.py"
    watched.write_text("x = 1\n")
    st = watched.stat()
    data["files"].append([str(watched), [st.st_mtime_ns, st.st_size]])
    data["text"] = "stale text\n"  # what a stale record would print
    record.write_text(json.dumps(data), encoding="utf-8")
    assert _run(["--help"], env, tmp_path / "flag").out == b"stale text\n"  # the file is unchanged
    watched.write_text("x = 22\n")
    fresh = _run(["--help"], env, tmp_path / "flag")
    assert fresh.typer and b"stale text" not in fresh.out
    assert fresh.out == _run(["--help"], env, tmp_path / "flag", fast=False).out
    missing = tmp_path / "appears.py"
    data = json.loads(record.read_text(encoding="utf-8"))
    data["files"].append([str(missing), None])
    data["text"] = "stale text\n"
    record.write_text(json.dumps(data), encoding="utf-8")
    assert _run(["--help"], env, tmp_path / "flag").out == b"stale text\n"
    missing.write_text("")  # a file looked for and missing at rendering time now exists
    assert _run(["--help"], env, tmp_path / "flag").typer


def _in_terminal(args: list[str], env: dict[str, str], flag: Path, *, fast: bool = True) -> Run:
    """``args`` run in a pseudo-terminal of 100 × 40 cells: Rich writes colours and box lines."""
    import fcntl
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
    env = {**env, "FAST_TEST_FLAG": str(flag), "ECOCIV_FAST_CLI": "1" if fast else "0", "TERM": "xterm-256color"}
    proc = subprocess.Popen([sys.executable, "-c", _RUNNER, *args], env=env, stdin=slave, stdout=slave, stderr=slave)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal closed: the process has ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    code = proc.wait(timeout=120)
    return Run(code, b"".join(chunks), b"", flag.read_text() == "True")


def test_root_help_in_a_terminal_is_typers(env: dict[str, str], tmp_path: Path) -> None:
    typer_help = _in_terminal(["--help"], env, tmp_path / "flag", fast=False)
    assert b"\x1b[" in typer_help.out  # coloured: a terminal
    for _ in range(3):  # records, (records again after writing bytecode,) then answers from the record
        cached = _in_terminal(["--help"], env, tmp_path / "flag")
        assert cached.out == typer_help.out and cached.code == 0
    assert not cached.typer


def test_eval_batch_fast_path_prints_what_typer_prints(env: dict[str, str], tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text('\ufeff{"standard": "≥20", "value": 24.5}\n\n{"standard": "建立", "value": 3, "name": "河长制"}\n'
                    '{"standard": "完成上级规定的考核任务", "value": 7, "baseline": 5}\n', encoding="utf-8")
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes('{"standard": "≥20", "value": 1}\n{"standard": "≥20", "value": 1,}\n'.encode())
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes('{"standard": ">=20", "value": 1}\n{"standard": "建立", "value": 1}\n'.encode("gbk"))
    for args, code in [(["eval", "--batch", str(good)], 0), (["eval", f"--batch={good}"], 0),
                       (["eval", "--batch", str(bad)], 2), (["eval", "--batch", str(latin)], 2),
                       (["eval", "--batch", str(tmp_path / "missing.jsonl")], 2), (["eval", "--batch", ""], 2),
                       (["eval", "--batch", str(tmp_path)], 2)]:
        fast = _same(args, env, tmp_path)
        assert not fast.typer and fast.code == code, args
        assert b"Traceback" not in fast.err
    assert _run(["eval", "--batch", str(good)], env, tmp_path / "f").out.count(b"\n") == 3
    assert "第2行：不是有效的 JSON（第31列出错）" in _run(["eval", "--batch", str(bad)], env, tmp_path / "f").err.decode()
    assert "第2行：不是 UTF-8 编码的文本" in _run(["eval", "--batch", str(latin)], env, tmp_path / "f").err.decode()


@pytest.mark.parametrize(
    "args",
    [["eval", "--batch"], ["eval", "≥20", "--batch", "x.jsonl"], ["eval", "--batch", "x.jsonl", "--json"],
     ["eval", "--batch", "-x.jsonl"], ["eval", "--batch", "a", "--batch", "b"]],
)
def test_eval_batch_command_lines_the_fast_path_does_not_read_go_to_typer(
    args: list[str], env: dict[str, str], tmp_path: Path
) -> None:
    fast = _same(args, env, tmp_path)
    assert fast.typer and fast.code == 2


_PROBLEMS = Path(__file__).parents[1] / "data" / "plans-with-problems"


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ([str(GANXIAN)], 0),
        ([str(GANXIAN), "--json"], 0),
        ([str(HUICHANG), "--explain"], 0),
        ([str(GANXIAN), "--explain", "--region", "赣县区", "--period", "2024-2025", "--base-year", "2023"], 0),
        (["--base-year=2023", str(GANXIAN), "--json", "--period=2024—2026"], 0),
        ([str(_PROBLEMS / "gbk.txt"), "--allow-empty"], 0),
        ([str(_PROBLEMS / "missing-column.txt")], 0),
        ([str(GANXIAN), "--base-year", "1800"], 2),
        ([str(GANXIAN), "--period", "明年"], 2),
        ([str(GANXIAN), "--region", " "], 2),
        ([str(_PROBLEMS / "empty.txt")], 2),
        ([str(_PROBLEMS / "binary.txt")], 2),
        ([str(_PROBLEMS / "corrupt.pdf")], 2),
        (["没有这个文件.txt"], 2),
    ],
)
def test_import_fast_path_prints_what_typer_prints(
    args: list[str], code: int, env: dict[str, str], tmp_path: Path
) -> None:
    fast = _same(["import", *args], env, tmp_path)
    assert not fast.typer and fast.code == code
    if code:
        assert fast.err.decode().startswith("错误：") and fast.out == b""
    elif "--json" in args:
        assert json.loads(fast.out)["tasks"]
    else:
        assert "指标表" in fast.out.decode()


def test_import_save_fast_path_saves_what_typer_saves(env: dict[str, str], tmp_path: Path) -> None:
    """``import FILE --save``: each path into a database of its own, the same message but for the
    database's name, and the same plan stored."""
    runs: list[tuple[Run, bytes]] = []
    for name, fast in (("fast", True), ("typer", False)):
        db = tmp_path / f"{name}.sqlite3"
        own = {**env, "ECOCIV_DATABASE_URL": f"sqlite:///{db}", "ECOCIV_HOME": str(tmp_path / name)}
        saved = _run(["import", str(YICHUN), "--save", "--json"], own, tmp_path / f"flag-{name}", fast=fast)
        assert saved.typer is not fast and saved.code == 0
        shown = _run(["show", "1"], own, tmp_path / f"flag-show-{name}")
        assert shown.code == 0
        runs.append((saved._replace(err=saved.err.replace(str(db).encode(), b"DB"), typer=False), shown.out))
    assert runs[0] == runs[1]
    assert runs[0][0].err.decode().startswith("已保存到数据库（编号 1）")


@pytest.mark.parametrize(
    "args",
    [["import"], ["import", "--help"], ["import", str(GANXIAN), str(YICHUN)], ["import", str(_PROBLEMS)],
     ["import", str(GANXIAN), "--base-year", "abc"], ["import", str(GANXIAN), "--json", "--json"],
     ["import", str(GANXIAN), "--bogus"], ["import", ""]],
)
def test_import_command_lines_the_fast_path_does_not_read_go_to_typer(
    args: list[str], env: dict[str, str], tmp_path: Path
) -> None:
    env["ECOCIV_DATABASE_URL"] = f"sqlite:///{tmp_path / 'plans.sqlite3'}"
    fast = _same(args, env, tmp_path)
    assert fast.typer


@pytest.mark.parametrize("fast", [True, False])
def test_a_reader_going_away_ends_the_batch_quietly(fast: bool, env: dict[str, str], tmp_path: Path) -> None:
    """``ecociv eval --batch big.jsonl | head -1``: exit 1 and nothing on stderr, as Click does."""
    batch = tmp_path / "big.jsonl"
    batch.write_text('{"standard": "≥20", "value": 1}\n' * 100_000, encoding="utf-8")
    env = {**env, "FAST_TEST_FLAG": str(tmp_path / "flag"), "ECOCIV_FAST_CLI": "1" if fast else "0"}
    proc = subprocess.Popen([sys.executable, "-c", _RUNNER, "eval", "--batch", str(batch)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().startswith(b'{"status":"not_met"')
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == 1 and err == b""
    assert (tmp_path / "flag").read_text() == str(not fast)
