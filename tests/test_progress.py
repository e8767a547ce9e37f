"""Progress: silent for libraries and pipes, bars on a terminal's stderr, stdout left clean."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from controlmap.progress import listening, stage, track


class Recorder:
    def __init__(self) -> None:
        self.events: list[tuple[str, object]] = []

    def start(self, label: str, total: int | None) -> object:
        self.events.append(("start", (label, total)))
        return label

    def advance(self, task: object, n: int = 1) -> None:
        self.events.append(("advance", task))

    def stop(self, task: object) -> None:
        self.events.append(("stop", task))


def test_without_a_listener_track_and_stage_only_pass_through() -> None:
    assert list(track(iter("abc"), "letters")) == ["a", "b", "c"]
    with stage("nothing"):
        pass


def test_a_listener_sees_every_item_and_the_end_even_on_error() -> None:
    rec = Recorder()
    with listening(rec):
        assert list(track([1, 2], "two")) == [1, 2]
        with pytest.raises(ValueError), stage("a step"):
            raise ValueError
        for _ in track((x for x in range(5)), "cut short", total=5):
            break
    assert rec.events == [
        ("start", ("two", 2)), ("advance", "two"), ("advance", "two"), ("stop", "two"),
        ("start", ("a step", None)), ("stop", "a step"),
        ("start", ("cut short", 5)), ("stop", "cut short")]
    assert list(track([1], "after")) == [1]  # the listener is gone outside the block
    assert len(rec.events) == 8


def _run(args: list[str], *, stderr_tty: bool, env: dict[str, str] | None = None,
         ) -> tuple[int, bytes, bytes]:
    """Run the CLI with stdout piped and stderr a pseudo-terminal (or a pipe)."""
    cmd = [sys.executable, "-c", "from controlmap.cli import main; main()", *args]
    full = {**os.environ, "COLUMNS": "100", **(env or {})}
    if not stderr_tty:
        done = subprocess.run(cmd, capture_output=True, env=full, timeout=300, check=False)
        return done.returncode, done.stdout, done.stderr
    master, slave = pty.openpty()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=slave, env=full)
    os.close(slave)
    err = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed its end
            break
        if not chunk:
            break
        err += chunk
    os.close(master)
    out = proc.communicate(timeout=300)[0]
    return proc.returncode, out, err


def test_validate_draws_progress_on_a_terminal(geo_copy: Path) -> None:
    code, out, err = _run(["validate", "--data", str(geo_copy)], stderr_tty=True)
    assert code == 0
    assert b"Reading the data files" in err and b"Checking" in err
    assert out.decode().endswith("no problems\n") and b"\x1b" not in out


def test_state_json_stays_clean_with_bars_on_stderr(geo_copy: Path) -> None:
    code, out, err = _run(["state", "--date", "2026-01-20", "--json", "--data", str(geo_copy)],
                          stderr_tty=True)
    assert code == 0 and b"Reading the data files" in err
    assert json.loads(out)["date"] == "2026-01-20"


@pytest.mark.parametrize("tty", [False, True])
def test_quiet_when_piped_or_turned_off(geo_copy: Path, tty: bool) -> None:
    env = {"CONTROLMAP_PROGRESS": "0"} if tty else {}
    code, out, err = _run(["validate", "--data", str(geo_copy)], stderr_tty=tty, env=env)
    assert code == 0 and err == b""
    assert out.decode().endswith("no problems\n")


def test_import_series_reports_its_long_loops(geo_copy: Path) -> None:
    from controlmap.importer.series import SeriesOptions, import_series
    from tests.conftest import FIXTURES

    excerpt = next((FIXTURES / "deepstate-excerpt").glob("*.geojson"))
    (geo_copy / "claims-deepstate.geojson").unlink(missing_ok=True)
    rec = Recorder()
    with listening(rec):
        import_series(geo_copy, [excerpt], SeriesOptions(
            date_field="date", status="ru", claimant="osint-map", source_title="DeepStateMap",
            status_outside="ua"))
    started = [what[0] for kind, what in rec.events if kind == "start"]  # type: ignore[index]
    # The data files are read again under the directory lock before the write.
    assert started == ["Reading the data files", "Reading the series files",
                       "Checking the polygons", "Comparing each date with the last",
                       "Checking and writing the layer", "Reading the data files"]
