"""Writes that keep what is there: symbolic links stay links, crashed writers' temp files are
cleared by the next writer, shipped claims without a URL can be edited, the lock is
re-entrant within a thread and exclusive between processes, and the terminal sees text."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from controlmap.cli import main
from controlmap.cli.terminal import EscapingStream, escape
from controlmap.io.atomic import remove_stale_temps
from controlmap.io.geojson import read_collection
from controlmap.io.lock import INFO_NAME, LOCK_NAME, LockTimeout, data_lock
from tests.conftest import REPO
from tests.snapshots import temp_files

ADD = ["claim", "add", "--area", "kupiansk", "--date", "2024-02-29", "--status", "ru",
       "--claimant", "media", "--source-title", "Safety Gazette"]


def run(*args: str) -> object:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_claims_without_source_url_can_be_edited(geo_copy: Path) -> None:
    """The validator accepts a title or a URL; the shipped claims with source_url "" are
    as editable as any other (the old rules of the edit path refused them)."""
    empty = [f["properties"]["id"] for f in read_collection(geo_copy / "claims.geojson")[
        "features"] if f["properties"].get("source_url") == ""]
    assert len(empty) >= 9  # 9 when the issue was filed; the 2022 capture claim lost its URL since
    for cid in empty:
        res = run("claim", "edit", cid, "--note", "x", "--data", str(geo_copy))
        assert res.exit_code == 0, res.output  # type: ignore[attr-defined]
    res = run("claim", "add", *ADD[2:-2], "--source-url", "https://example.org/only-a-url",
              "--data", str(geo_copy))
    assert res.exit_code == 0, res.output  # type: ignore[attr-defined]


def test_symlinked_data_file_stays_a_link(geo_copy: Path, tmp_path: Path) -> None:
    real = tmp_path / "elsewhere" / "claims.geojson"
    real.parent.mkdir()
    (geo_copy / "claims.geojson").replace(real)
    (geo_copy / "claims.geojson").symlink_to(real)
    res = run(*ADD, "--data", str(geo_copy))
    assert res.exit_code == 0, res.output  # type: ignore[attr-defined]
    assert (geo_copy / "claims.geojson").is_symlink()
    assert "2024-02-29-media-kupiansk" in real.read_text("utf-8")
    assert not temp_files(real.parent)


def test_next_write_removes_temp_files_of_a_killed_writer(geo_copy: Path) -> None:
    """kill -9 mid-write leaves `.claims.geojson.<pid>.<x>.tmp`; the next writer, holding
    the lock, removes it (and older pid-less ones), but never a live writer's."""
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    live = os.getppid()
    (geo_copy / f".claims.geojson.{dead.pid}.k3j_x9a2.tmp").write_bytes(b"x" * 100_000)
    (geo_copy / ".areas.geojson.a1b2c3d4.tmp").write_bytes(b"old style")
    (geo_copy / f".towns.geojson.{live}.zzzzzzzz.tmp").write_bytes(b"in progress")
    (geo_copy / ".notes.tmp").write_bytes(b"not ours")
    res = run(*ADD, "--data", str(geo_copy))
    assert res.exit_code == 0, res.output  # type: ignore[attr-defined]
    assert temp_files(geo_copy) == [".notes.tmp", f".towns.geojson.{live}.zzzzzzzz.tmp"]


def test_kill_minus_9_then_write(geo_copy: Path, tmp_path: Path) -> None:
    """A real crash: a writer killed inside its write; the next `claim add` cleans up."""
    script = tmp_path / "slow.py"
    script.write_text(
        "import os, sys\nfrom pathlib import Path\nimport controlmap.io.atomic as a\n"
        "def stall(fd):\n    print('writing', flush=True); os.kill(os.getpid(), 19)\n"
        "a.os.fsync = stall\n"
        "a.atomic_write_bytes(Path(sys.argv[1]), b'x' * 5_000_000)\n", "utf-8")
    proc = subprocess.Popen([sys.executable, str(script), str(geo_copy / "claims.geojson")],
                            stdout=subprocess.PIPE, text=True, cwd=REPO)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "writing"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    left = temp_files(geo_copy)
    assert len(left) == 1 and (geo_copy / left[0]).stat().st_size == 5_000_000
    assert run(*ADD, "--data", str(geo_copy)).exit_code == 0  # type: ignore[attr-defined]
    assert temp_files(geo_copy) == []


def test_remove_stale_temps_ignores_other_files(tmp_path: Path) -> None:
    for name in ("claims.geojson", ".claims.geojson", ".x.tmp", "a.tmp"):
        (tmp_path / name).write_text("keep", "utf-8")
    assert remove_stale_temps(tmp_path) == []
    assert remove_stale_temps(tmp_path / "missing") == []


def test_lock_is_reentrant_and_records_the_holder(tmp_path: Path) -> None:
    with data_lock(tmp_path, "outer") as took:
        assert took
        info = json.loads((tmp_path / INFO_NAME).read_text("utf-8"))
        assert info["pid"] == os.getpid() and info["command"] == "outer"
        with data_lock(tmp_path, "inner") as again:
            assert not again
    assert LOCK_NAME.startswith(".") and INFO_NAME.startswith(".")  # hidden: never data


def test_lock_excludes_another_thread(tmp_path: Path) -> None:
    """The Edit page serves sessions from threads of one process: they exclude each other."""
    order: list[str] = []
    inside = threading.Event()

    def other() -> None:
        with data_lock(tmp_path, "thread"):
            order.append("thread in")
            inside.set()
            time.sleep(0.3)
            order.append("thread out")

    t = threading.Thread(target=other)
    t.start()
    inside.wait(5)
    with pytest.raises(LockTimeout, match="pid .*: thread, since"), \
            data_lock(tmp_path, "main", timeout=0.05):
        pass
    with data_lock(tmp_path, "main", timeout=10):
        order.append("main")
    t.join()
    assert order == ["thread in", "thread out", "main"]


@pytest.mark.parametrize(("text", "shown"), [
    ("plain text, ünïcode, Київ", "plain text, ünïcode, Київ"),
    ("tab\tand\nnewline", "tab\tand\nnewline"),
    ("\x1b]0;pwned\x07", "\\u001b]0;pwned\\u0007"),
    ("over\rwrite", "over\\u000dwrite"),
    ("c1 \x9b31m", "c1 \\u009b31m"),
    ("bidi \u202eevil", "bidi \\u202eevil"),
    ("del \x7f", "del \\u007f"),
])
def test_escape(text: str, shown: str) -> None:
    assert escape(text) == shown


def test_escaped_json_stays_json() -> None:
    buf = io.StringIO()
    stream = EscapingStream(buf)
    data = {"id": "a\x9bb\u202ec", "t": "\x1b"}
    stream.write(json.dumps(data, ensure_ascii=False))
    assert json.loads(buf.getvalue()) == data
    assert not any(c in buf.getvalue() for c in "\x9b\u202e\x1b")
