"""Series of dates (`controlmap export --from --to`): N dates -> N files and an N-frame GIF;
and the command's one-line errors for bad arguments."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from controlmap.cli import main
from controlmap.errors import UsageError
from controlmap.model.engine import Engine
from controlmap.render.export_series import gif_bytes, iter_series, series_days
from tests.test_export_data import DAY, make_data, make_engine


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_data(tmp_path_factory.mktemp("series") / "geo")


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return make_engine(tmp_path_factory.mktemp("series-engine") / "geo")


def run(*args: str) -> tuple[int, str, str]:
    res = CliRunner().invoke(main, list(args))
    return res.exit_code, res.stdout, res.stderr


@pytest.mark.parametrize(("start", "end", "every", "n"), [
    ("2026-01-01", "2026-01-01", 7, 1),
    ("2026-01-01", "2026-01-29", 7, 5),
    ("2026-01-01", "2026-01-30", 7, 5),
    ("2025-12-31", "2026-01-02", 1, 3),
])
def test_every_n_days(engine: Engine, start: str, end: str, every: int, n: int) -> None:
    days = series_days(engine, date.fromisoformat(start), date.fromisoformat(end), "assessed",
                       every=every)
    assert len(days) == n
    assert days[0] == date.fromisoformat(start)
    assert all((b - a).days == every for a, b in zip(days, days[1:], strict=False))


def test_changes_are_the_view_change_days_in_range(engine: Engine) -> None:
    days = series_days(engine, date(2026, 1, 1), date(2026, 1, 31), "assessed", changes=True)
    changes = [d for d in engine.change_dates("assessed")
               if date(2026, 1, 1) < d <= date(2026, 1, 31)]
    assert days == [date(2026, 1, 1), *changes]
    assert date(2026, 1, 10) in days and date(2026, 1, 15) in days


def test_series_frames_and_gif_frames(engine: Engine) -> None:
    days = [DAY - timedelta(days=7 * i) for i in range(4)][::-1]
    frames = list(iter_series(engine, days, "assessed", None, "png", dpi=40))
    assert [f.day for f in frames] == days
    assert len({f.data for f in frames}) == 4  # every frame differs (at least its date)
    gif = Image.open(io.BytesIO(gif_bytes([f.data for f in frames])))
    assert gif.n_frames == 4


def test_cli_series_writes_numbered_files_and_gif(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "frames"
    code, stdout, stderr = run("export", "--data", str(data_dir), "--from", "2026-01-01",
                               "--to", "2026-01-22", "--every", "7d", "--dpi", "40", "-o",
                               str(out), "--gif")
    assert code == 0, stderr
    pngs = sorted(p.name for p in out.glob("*.png"))
    assert pngs == [f"kupiansk-assessed-2026-01-{d:02d}.png" for d in (1, 8, 15, 22)]
    gifs = list(out.glob("*.gif"))
    assert len(gifs) == 1 and Image.open(gifs[0]).n_frames == 4
    assert "4 png files" in stdout


def test_cli_series_of_geojson_on_change_days(data_dir: Path, tmp_path: Path) -> None:
    code, _, stderr = run("export", "--data", str(data_dir), "--from", "2026-01-01", "--to",
                          "2026-01-31", "--changes", "--format", "geojson", "-o", str(tmp_path))
    assert code == 0, stderr
    files = sorted(tmp_path.glob("*.geojson"))
    assert len(files) >= 3
    assert json.loads(files[0].read_text())["properties"]["date"] == "2026-01-01"


def test_cli_single_export_to_file_and_directory(data_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "brief.pdf"
    code, stdout, stderr = run("export", "--data", str(data_dir), "--date", "2026-01-20",
                               "--format", "pdf", "--size", "a4", "--title", "Brief", "-o",
                               str(target))
    assert code == 0, stderr
    assert target.read_bytes()[:5] == b"%PDF-" and stdout.strip() == str(target)
    code, stdout, _ = run("export", "--data", str(data_dir), "--date", "2026-01-20",
                          "--view", "ru-official", "--dpi", "40", "-o", str(tmp_path))
    assert code == 0
    assert Path(stdout.strip()).name == "kupiansk-claimant-ru-official-2026-01-20.png"


BAD = [
    ([], "give --date"),
    (["--date", "2026-01-20", "--from", "2026-01-01"], "not both"),
    (["--date", "2026-01-20", "--gif"], "needs a series"),
    (["--date", "2026-02-30"], "not a real date"),
    (["--date", "2026-01"], "full date"),
    (["--date", "2026-01-20", "--format", "svg"], "svg"),
    (["--date", "2026-01-20", "--size", "letter"], "letter"),
    (["--date", "2026-01-20", "--dpi", "9000"], "9000"),
    (["--date", "2026-01-20", "--view", "nobody"], "unknown view"),
    (["--date", "2026-01-20", "--known-at", "yesterday"], "yesterday"),
    (["--from", "2026-01-01"], "both --from and --to"),
    (["--from", "2026-01-01", "--to", "2026-01-09"], "exactly one of"),
    (["--from", "2026-01-01", "--to", "2026-01-09", "--every", "7d", "--changes"],
     "exactly one of"),
    (["--from", "2026-01-01", "--to", "2026-01-09", "--every", "week"], "7d"),
    (["--from", "2026-01-01", "--to", "2026-01-09", "--every", "0d"], "7d"),
    (["--from", "2026-01-09", "--to", "2026-01-01", "--every", "1d"], "before"),
    (["--from", "2020-01-01", "--to", "2026-01-01", "--every", "1d"], "too many"),
    (["--from", "2026-01-01", "--to", "2026-01-09", "--every", "1d", "--format", "pdf",
      "--gif"], "PNG"),
]


@pytest.mark.parametrize(("args", "needle"), BAD)
def test_bad_arguments_exit_2_with_one_line(data_dir: Path, tmp_path: Path, args: list[str],
                                            needle: str) -> None:
    code, stdout, stderr = run("export", "--data", str(data_dir), "-o", str(tmp_path), *args)
    assert code == 2, (stdout, stderr)
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert needle in lines[0]
    assert "Traceback" not in stderr
    assert list(tmp_path.iterdir()) == []


def test_series_needs_a_directory_not_a_file(data_dir: Path, tmp_path: Path) -> None:
    f = tmp_path / "x.png"
    f.write_bytes(b"")
    code, _, stderr = run("export", "--data", str(data_dir), "--from", "2026-01-01", "--to",
                          "2026-01-02", "--every", "1d", "-o", str(f))
    assert code == 2 and "directory" in stderr


def test_usage_error_from_series_days(engine: Engine) -> None:
    with pytest.raises(UsageError):
        series_days(engine, DAY, DAY, "assessed")


def test_mp4_has_one_frame_per_date_where_ffmpeg_exists(engine: Engine) -> None:
    import shutil
    import subprocess
    import tempfile

    from controlmap.render.export_series import ffmpeg_path, mp4_bytes

    if ffmpeg_path() is None or shutil.which("ffprobe") is None:
        pytest.skip("MP4 export needs ffmpeg and ffprobe on PATH (apt-get install ffmpeg)")
    days = [DAY - timedelta(days=7 * i) for i in range(3)][::-1]
    frames = [f.data for f in iter_series(engine, days, "assessed", None, "png", dpi=40)]
    with tempfile.NamedTemporaryFile(suffix=".mp4") as fh:
        fh.write(mp4_bytes(frames))
        fh.flush()
        probe = subprocess.run(
            ["ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
             "-show_entries", "stream=nb_read_frames,codec_name", "-of", "csv=p=0", fh.name],
            capture_output=True, text=True, check=True)
    codec, count = probe.stdout.strip().split(",")
    assert codec == "h264" and int(count) == 3
