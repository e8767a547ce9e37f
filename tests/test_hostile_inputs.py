"""Hostile and broken inputs, as an adversarial editor tried them (issue 11).

Each row: what is done to a copy of geo/, the command, its exit code, a piece of its message.
For every row the message is one line on stderr (no traceback), nothing raw from the data
reaches the terminal, and the data files are byte for byte what they were.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from controlmap.cli import main
from tests.conftest import REPO
from tests.snapshots import data_files, temp_files

ADD = ["claim", "add", "--area", "kupiansk", "--date", "2024-02-29", "--status", "ru",
       "--claimant", "media", "--source-title", "Hostile Gazette"]
SHIPPED = "2022-09-media-kupiansk"  # a shipped claim; its source_url is ""
SERIES = ["--date-field", "date", "--status", "ru", "--claimant", "osint-map",
          "--source-title", "X"]


def _replace_in_claims(old: str, new: str) -> Callable[[Path, Path], None]:
    def setup(d: Path, tmp: Path) -> None:
        text = (d / "claims.geojson").read_text("utf-8")
        assert old in text
        (d / "claims.geojson").write_text(text.replace(old, new, 1), "utf-8")
    return setup


def _write(name: str, text: str) -> Callable[[Path, Path], None]:
    def setup(d: Path, tmp: Path) -> None:
        (d / name).write_text(text, "utf-8")
    return setup


def _source(text: str) -> Callable[[Path, Path], None]:
    def setup(d: Path, tmp: Path) -> None:
        (tmp / "source.geojson").write_text(text, "utf-8")
    return setup


def _deep_note(d: Path, tmp: Path) -> None:
    """A claim whose note nests 900 levels (it broke `claim edit` in deepcopy)."""
    coll = json.loads((d / "claims.geojson").read_text("utf-8"))
    text = json.dumps(coll)
    (d / "claims.geojson").write_text(text.replace('"note": "', '"deep": ' + "[" * 900 + "]"
                                                   * 900 + ', "note": "', 1), "utf-8")


def _tiny_polygon(d: Path, tmp: Path) -> None:
    """A valid polygon of 0.4 millionths of a degree: rounding to 6 decimals collapses it."""
    ring = [[37.6, 49.7], [37.6000004, 49.7], [37.6000002, 49.7000004], [37.6, 49.7]]
    (d / "claims-tiny.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]},
         "properties": {"id": "tiny", "date": "2025-01-01", "status": "ru",
                        "claimant": "osint-map", "source_title": "t"}}]}), "utf-8")


INF_RING = ('[[[37.6,49.7],[Infinity,49.7],[37.61,49.71],[37.6,49.7]]]')
# (name, setup(d, tmp), args with {D} and {T} for the data and temp dirs, exit, message);
# args "duplicate": `claim add` of a shipped claim with all its fields.
CASES: list[tuple[str, Callable[[Path, Path], None] | None, list[str] | str, int, str]] = [
    ("nesting 100000 deep, validate", _write("events.geojson", "[" * 100_000), ["validate"], 1,
     "events.geojson:-:-: nested deeper than 32 levels"),
    ("nesting 100000 deep, claim add", _write("claims.geojson", "[" * 100_000), ADD, 1,
     "claims.geojson:-:-: nested deeper than 32 levels"),
    ("nesting 100000 deep, fmt", _write("towns.geojson", "{\"a\":" * 100_000), ["fmt"], 1,
     "towns.geojson:-:-: nested deeper than 32 levels"),
    ("nesting 900 deep, claim edit", _deep_note, ["claim", "edit", SHIPPED, "--note", "x"], 1,
     "nested deeper than 32 levels"),
    ("1e999 in a property, claim add", _replace_in_claims('"status": "', '"x": 1e999, '
                                                          '"status": "'), ADD, 1,
     "number 1e999 is out of range"),
    ("1e999 in a property, claim remove", _replace_in_claims('"status": "', '"x": 1e999, '
                                                             '"status": "'),
     ["claim", "remove", SHIPPED], 1, "number 1e999 is out of range"),
    ("NaN in a property, validate", _replace_in_claims('"status": "', '"x": NaN, "status": "'),
     ["validate"], 1, "NaN is not a JSON number"),
    ("repeated key, claim add", _replace_in_claims('"status": "', '"status": "ru", "status": "'),
     ADD, 1, "key 'status' appears twice"),
    ("repeated key, claim remove", _replace_in_claims('"status": "', '"status": "ru", '
                                                      '"status": "'),
     ["claim", "remove", SHIPPED], 1, "cannot be rewritten without losing"),
    ("claim edit in an unparsable file", _write("claims.geojson", '{"features": ['),
     ["claim", "edit", SHIPPED, "--note", "x"], 1, "could not be read; the claim may be in there"),
    ("year 0001", None, [*ADD[:4], "--date", "0001-01-01", *ADD[6:]], 2,
     ":properties.date: date 0001-01-01 is before 2014"),
    ("date after today", None, [*ADD[:4], "--date", "2999-01-01", *ADD[6:]], 2,
     "is after today"),
    ("exact duplicate of a shipped claim", None, "duplicate", 2,
     ":properties.id: the same claim as"),
    ("control characters in an id", None, ["claim", "edit", "\x1b]0;pwned\x07", "--note", "x"],
     2, "\\u001b]0;pwned\\u0007:id: no claim with this id"),
    ("control characters in the data", _replace_in_claims(f'"id": "{SHIPPED}"',
                                                          '"id": "evil\\u001b[2J\\u009b"'),
     ["validate"], 1, "claims.geojson:evil\\u009b:properties.id: id 'evil\\x1b[2J\\x9b' is not"),
    ("tiny polygon fmt would break", _tiny_polygon, ["fmt"], 1,
     "rounding to 6 decimals would make the geometry of tiny invalid"),
    ("import series: Infinity coordinate", _source(
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": '
        '{"date": "2025-01-01"}, "geometry": {"type": "Polygon", "coordinates": '
        + INF_RING + '}}]}'),
     ["import", "series", "{T}/source.geojson", *SERIES], 2,
     "source.geojson: invalid JSON at line 1: Infinity is not a JSON number"),
    ("import series: /dev/zero", None, ["import", "series", "/dev/zero", *SERIES], 2,
     "/dev/zero: not a regular file"),
    ("import series: a named pipe", lambda d, t: os.mkfifo(t / "pipe.geojson"),
     ["import", "series", "{T}/pipe.geojson", *SERIES], 2, "pipe.geojson: not a regular file"),
    ("import series: nested source", _source("[" * 100_000),
     ["import", "series", "{T}/source.geojson", *SERIES], 2, "nested deeper than 32 levels"),
    ("export -o a missing directory", None,
     ["export", "--date", "2026-01-20", "--format", "png", "-o", "/missing/dir/"], 2,
     "-o /missing/dir/: directory /missing/dir does not exist"),
    ("export -o a data file", None,
     ["export", "--date", "2026-01-20", "--format", "png", "-o", "{D}/claims.geojson"], 2,
     "claims.geojson: inside the data directory"),
    ("export series -o the data directory", None,
     ["export", "--from", "2026-01-01", "--to", "2026-01-20", "--every", "7d", "--format",
      "geojson", "-o", "{D}"], 2, "inside the data directory"),
    ("export -o a link into the data", lambda d, t: (t / "link").symlink_to(d),
     ["export", "--date", "2026-01-20", "--format", "geojson", "-o", "{T}/link/x.geojson"], 2,
     "inside the data directory"),
]


def _duplicate_args(d: Path) -> list[str]:
    """`claim add` with every field of the first shipped area claim (an exact duplicate)."""
    for f in json.loads((d / "claims.geojson").read_text("utf-8"))["features"]:
        p = f["properties"]
        if p.get("area") and not p.get("last_confirmed"):
            args = ["claim", "add"]
            for key, value in p.items():
                if key != "id" and value != "":
                    args += [f"--{key.replace('_', '-')}", str(value)]
            return args
    raise AssertionError("no area claim to copy")


@pytest.fixture
def data(geo_copy: Path) -> Path:
    return geo_copy


def invoke(args: list[str], data: Path, tmp: Path) -> object:
    args = [a.replace("{D}", str(data)).replace("{T}", str(tmp)) for a in args]
    return CliRunner().invoke(main, [*args, "--data", str(data)], catch_exceptions=False)


def one_line(res: object, stream: str = "stderr") -> str:
    """What the command said (stderr; validate lists problems on stdout), checked clean."""
    err = getattr(res, stream)
    assert "Traceback" not in res.stderr and "Traceback" not in res.stdout  # type: ignore[attr-defined]
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines, "a failure must say why"
    assert all(not any(c in line for c in "\x1b\x07\x9b\r") for line in lines), lines
    return err


@pytest.mark.parametrize(("setup", "args", "code", "message"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_hostile_input(data: Path, tmp_path: Path, setup: Callable[[Path, Path], None] | None,
                       args: list[str] | str, code: int, message: str) -> None:
    if setup is not None:
        setup(data, tmp_path)
    if args == "duplicate":
        args = _duplicate_args(data)
    assert isinstance(args, list)
    before = data_files(data)
    res = invoke(args, data, tmp_path)
    assert res.exit_code == code, res.output  # type: ignore[attr-defined]
    err = one_line(res, "stdout" if args[0] == "validate" else "stderr")
    assert message in err
    if args[0] != "validate":  # validate lists every problem, one per line, then a count
        assert len(err.strip().splitlines()) <= 3, err  # fmt: the problem, refusal, summary
    assert data_files(data) == before
    assert not temp_files(data)


def test_read_only_directory(data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The lock cannot be created in a read-only directory: one line, nothing written.
    (Tests often run as root, where chmod does not stop a write: the OS error is staged.)"""
    def refuse(self: object, *a: object, **k: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(data / ".controlmap.lock"))

    monkeypatch.setattr("controlmap.io.lock.FileLock.acquire", refuse)
    before = data_files(data)
    res = invoke(ADD, data, tmp_path)
    assert res.exit_code == 1  # type: ignore[attr-defined]
    err = one_line(res)
    assert f"{data}: cannot take the write lock: read-only file system" in err
    assert "nothing was changed" in err and len(err.splitlines()) == 1
    assert data_files(data) == before


@pytest.mark.parametrize(("args", "target"), [(ADD, "claims.geojson"), (["fmt"], "areas.geojson")])
def test_full_disk(data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                   args: list[str], target: str) -> None:
    """No space for the new file: one line, the old file intact, the temp file gone."""
    if args == ["fmt"]:
        text = (data / target).read_text("utf-8")
        (data / target).write_text(json.dumps(json.loads(text), indent=1), "utf-8")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("controlmap.io.atomic.os.fsync", full)
    before = data_files(data)
    res = invoke(args, data, tmp_path)
    assert res.exit_code == 1  # type: ignore[attr-defined]
    err = one_line(res)
    assert f"{target}: cannot write: no space left on the device (free some space and try " \
           "again; nothing was changed)" in err
    assert data_files(data) == before
    assert not temp_files(data)


def test_lock_held_by_another_writer(data: Path, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A writer waits a bounded time, then says who holds the lock, and writes nothing."""
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\n"
         "from controlmap.io.lock import data_lock\n"
         "with data_lock(sys.argv[1], 'controlmap import series (test)'):\n"
         "    print('held', flush=True); time.sleep(60)\n", str(data)],
        stdout=subprocess.PIPE, text=True, cwd=REPO)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        monkeypatch.setenv("CONTROLMAP_LOCK_TIMEOUT", "0.5")
        before = data_files(data)
        res = invoke(ADD, data, tmp_path)
        assert res.exit_code == 1  # type: ignore[attr-defined]
        err = one_line(res)
        assert (f"another writer holds the data lock (pid {holder.pid} on "
                f"{os.uname().nodename}: controlmap import series (test), since") in err
        assert "waited 0.5 s and wrote nothing" in err and len(err.splitlines()) == 1
        assert data_files(data) == before
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout:
            holder.stdout.close()
    # The holder was killed: the OS dropped its lock, and the next writer goes straight in.
    res = invoke(ADD, data, tmp_path)
    assert res.exit_code == 0, res.output  # type: ignore[attr-defined]


def test_too_large_file(data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("controlmap.io.geojson.MAX_FILE_BYTES", 1024 * 1024)
    (data / "events.geojson").write_text(" " * (1024 * 1024 + 1), "utf-8")
    res = invoke(["validate"], data, tmp_path)
    assert res.exit_code == 1  # type: ignore[attr-defined]
    assert "events.geojson:-:-: larger than 1 MB, the limit for one file" in res.stdout  # type: ignore[attr-defined]


def test_app_problem_list_names_the_file_in_one_line(data: Path) -> None:
    """The app lists what `load_valid_parts` found: a file nested too deeply is one line,
    and the rest of the map still loads."""
    from controlmap.loading import load_valid_parts

    (data / "events.geojson").write_text("[" * 100_000, "utf-8")
    got = load_valid_parts(data)
    assert [str(p) for p in got.problems] == [
        "events.geojson:-:-: nested deeper than 32 levels (GeoJSON needs about 8; fix or "
        "regenerate the file)"]
    assert got.dataset is not None and got.dropped == ["events.geojson: the whole file"]
