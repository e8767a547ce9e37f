"""Concurrent writers never lose a reported success (issue 11).

WRITERS processes each run `controlmap claim add` ADDS times on one data directory, all at
once, while another process keeps giving `controlmap fmt` work (it rewrites claims.geojson
in an indented form, as a well-behaved writer: under the lock) and runs it. Afterwards every
add that reported success is in the file with its own note, every add that failed said so
in one line, nothing else was added, fmt never failed, `validate` passes, and no temp file
is left. Before the lock existed, this lost successful adds (the read-check-write of two
writers interleaved); on that code the helper below finds no lock and writes unlocked.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from controlmap import validate
from controlmap.io.datadir import read_data_dir
from controlmap.io.geojson import read_collection
from tests.conftest import FIXTURES, REPO
from tests.snapshots import temp_files

WRITERS = 4
ADDS = 6
FMT_ROUNDS = 6

ADDER = r"""
import json, sys
from click.testing import CliRunner
from controlmap.cli import main
data, who, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
runner = CliRunner()
print("ready", flush=True)
sys.stdin.readline()  # start together
for j in range(count):
    note = f"{who}-{j}"
    res = runner.invoke(main, [
        "claim", "add", "--area", "kupiansk", "--date", "2024-02-29", "--status", "ru",
        "--claimant", "media", "--source-title", "Concurrency Gazette", "--note", note,
        "--data", data])
    print(json.dumps({"note": note, "code": res.exit_code, "out": res.stdout.strip(),
                      "err": res.stderr.strip()}), flush=True)
"""

FORMATTER = r"""
import contextlib, json, sys
from pathlib import Path
from click.testing import CliRunner
from controlmap.cli import main
try:
    from controlmap.io.lock import data_lock
except ImportError:  # the code before the lock: nothing to take
    data_lock = None
data, rounds = Path(sys.argv[1]), int(sys.argv[2])
runner = CliRunner()
print("ready", flush=True)
sys.stdin.readline()
for _ in range(rounds):
    lock = data_lock(data, "test: indent claims.geojson") if data_lock else contextlib.nullcontext()
    with lock:  # give fmt something to rewrite, as a writer that plays by the rules
        path = data / "claims.geojson"
        text = json.dumps(json.loads(path.read_text("utf-8")), indent=2)
        tmp = data / ".indent.part"
        tmp.write_text(text, "utf-8")
        tmp.replace(path)
    res = runner.invoke(main, ["fmt", "--data", str(data)])
    print(json.dumps({"code": res.exit_code, "out": res.stdout.strip(),
                      "err": res.stderr.strip()}), flush=True)
"""


def _start(script: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "CONTROLMAP_LOCK_TIMEOUT": "120"}
    proc = subprocess.Popen([sys.executable, str(script), *args], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=REPO, env=env)
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    assert line == "ready", (line, proc.stderr.read() if proc.stderr else "")
    return proc


def _results(proc: subprocess.Popen[str]) -> list[dict[str, object]]:
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    assert "Traceback" not in err, err
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_concurrent_adds_and_fmt_lose_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "valid", data)
    before = {f["properties"]["id"] for f in read_collection(data / "claims.geojson")["features"]}
    adder, formatter = tmp_path / "adder.py", tmp_path / "formatter.py"
    adder.write_text(ADDER, "utf-8")
    formatter.write_text(FORMATTER, "utf-8")

    procs = [_start(adder, str(data), f"w{i}", str(ADDS)) for i in range(WRITERS)]
    fmt_proc = _start(formatter, str(data), str(FMT_ROUNDS))
    for proc in [*procs, fmt_proc]:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    adds = [r for proc in procs for r in _results(proc)]
    fmts = _results(fmt_proc)

    assert len(adds) == WRITERS * ADDS and len(fmts) == FMT_ROUNDS
    feats = read_collection(data / "claims.geojson")["features"]
    by_id = {f["properties"]["id"]: f["properties"] for f in feats}
    assert len(by_id) == len(feats), "an id was given twice"
    ok = [r for r in adds if r["code"] == 0]
    lost = [r for r in ok if by_id.get(str(r["out"]), {}).get("note") != r["note"]]
    assert not lost, f"{len(lost)} of {len(ok)} successful adds are missing: {lost[:3]}"
    for r in adds:
        if r["code"] != 0:  # a failure must say so, in one line
            assert r["err"] and "\n" not in str(r["err"]) and "Traceback" not in str(r["err"])
    assert set(by_id) == before | {str(r["out"]) for r in ok}, "claims nobody reported"
    for r in fmts:
        assert r["code"] == 0, r
    assert validate.check(read_data_dir(data)) == []
    assert not temp_files(data)
    # Under the lock no add had to give up: all of them went in.
    assert len(ok) == WRITERS * ADDS, [r["err"] for r in adds if r["code"]]
