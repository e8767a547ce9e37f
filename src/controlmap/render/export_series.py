"""A range of dates as numbered files, and for PNG an animated GIF (MP4 where ffmpeg is).

The data is loaded once and the page's base layers are drawn once: per date only the area
fills and the texts change. That is why a 50-date series costs far less than 50 exports.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from controlmap.errors import ControlmapError, UsageError
from controlmap.i18n import translator
from controlmap.io.atomic import atomic_write_bytes
from controlmap.model.engine import Engine
from controlmap.progress import stage, track
from controlmap.render.export import (
    MissingDependency,
    briefing_map,
    check_args,
    draw_state,
    export_bytes,
    file_name,
    now_utc,
)
from controlmap.render.page_text import EVENTS_DAYS

MAX_FRAMES = 1000


@dataclass(frozen=True)
class SeriesFile:
    """One date of a series as a file: its bytes and its name."""

    day: date
    data: bytes
    name: str


def series_days(engine: Engine, start: date, end: date, view: str,
                known_at: date | None = None, *, every: int | None = None,
                changes: bool = False) -> list[date]:
    """The dates of a series: every `every` days from `start`, or `start` and each day in
    (start, end] on which the view changes. Raises UsageError for an empty or huge range."""
    if end < start:
        raise UsageError(f"--to {end.isoformat()} is before --from {start.isoformat()}")
    if changes == (every is not None):
        raise UsageError("give exactly one of --every Nd and --changes")
    if every is not None:
        if every < 1:
            raise UsageError(f"--every must be at least 1d, not {every}d")
        n = (end - start).days // every + 1
        if n > MAX_FRAMES:
            raise UsageError(f"{n} frames is too many (at most {MAX_FRAMES}); use a larger --every")
        return [start + timedelta(days=every * i) for i in range(n)]
    view = engine.view(view)
    days = [start] + [d for d in engine.change_dates(view, known_at) if start < d <= end]
    if len(days) > MAX_FRAMES:
        raise UsageError(f"{len(days)} frames is too many (at most {MAX_FRAMES})")
    return days


def iter_series(engine: Engine, days: list[date], view: str, known_at: date | None, fmt: str,
                *, title: str | None = None, size: str = "slide", dpi: int = 200,
                now: datetime | None = None, events_days: int = EVENTS_DAYS,
                lang: str | None = None) -> Iterator[SeriesFile]:
    """Each date's file, in order. PNG and PDF reuse one drawn page; each frame carries its
    date in a badge on the map, so an animation shows it on every frame."""
    fmt = (fmt or "").lower()
    check_args(fmt, size, dpi, events_days)
    view = engine.view(view)
    now = now or now_utc()
    if fmt not in ("png", "pdf"):
        for d in days:
            data, _, name = export_bytes(engine, d, view, known_at, fmt, title=title,
                                         size=size, dpi=dpi, now=now, events_days=events_days,
                                         lang=lang)
            yield SeriesFile(d, data, name)
        return
    page = briefing_map(engine, size, stamp=True, lang=lang)
    for d in days:
        state = engine.state(d, view, known_at)
        draw_state(page, engine, state, title, now, stamp=translator(lang).day(d),
                   events_days=events_days)
        yield SeriesFile(d, page.render(fmt, dpi), file_name(d, view, known_at, fmt))


def gif_bytes(frames: list[bytes], *, ms_per_frame: int = 900, max_width: int = 1280) -> bytes:
    """An animated GIF of PNG frames (Pillow), scaled to at most `max_width`, looping."""
    from PIL import Image

    images = []
    for png in frames:
        im = Image.open(io.BytesIO(png)).convert("RGB")
        if im.width > max_width:
            im = im.resize((max_width, round(im.height * max_width / im.width)),
                           Image.Resampling.LANCZOS)
        images.append(im.quantize(colors=255, method=Image.Quantize.MEDIANCUT))
    if not images:
        raise UsageError("an animation needs at least one frame")
    buf = io.BytesIO()
    images[0].save(buf, format="GIF", save_all=True, append_images=images[1:],
                   duration=ms_per_frame, loop=0, optimize=False, disposal=1)
    return buf.getvalue()


def ffmpeg_path() -> str | None:
    return shutil.which("ffmpeg")


def mp4_bytes(frames: list[bytes], *, fps: float = 1.0, max_width: int = 1920) -> bytes:
    """An H.264 MP4 of PNG frames via ffmpeg; MissingDependency when ffmpeg is absent."""
    exe = ffmpeg_path()
    if exe is None:
        raise MissingDependency("--mp4 needs ffmpeg on PATH (apt-get install ffmpeg); "
                                "use --gif instead")
    with tempfile.TemporaryDirectory(prefix="controlmap-mp4-") as tmp:
        for i, png in enumerate(frames):
            Path(tmp, f"f{i:05d}.png").write_bytes(png)
        out = Path(tmp, "series.mp4")
        # H.264 with yuv420p needs even sides: round the width down to even, height follows.
        scale = f"scale='trunc(min({max_width},iw)/2)*2':-2"
        cmd = [exe, "-loglevel", "error", "-y", "-framerate", str(fps), "-i",
               str(Path(tmp, "f%05d.png")), "-vf", scale, "-c:v", "libx264",
               "-pix_fmt", "yuv420p", str(out)]
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            msg = (done.stderr.strip().splitlines() or ["unknown error"])[-1]
            raise ControlmapError(f"ffmpeg failed: {msg}")
        return out.read_bytes()


def write_series(engine: Engine, days: list[date], view: str, known_at: date | None, fmt: str,
                 out_dir: Path, *, title: str | None = None, size: str = "slide",
                 dpi: int = 200, gif: bool = False, mp4: bool = False,
                 now: datetime | None = None, events_days: int = EVENTS_DAYS,
                 lang: str | None = None) -> list[Path]:
    """Write every frame into `out_dir` (created), then the GIF/MP4; return the paths."""
    if (gif or mp4) and fmt != "png":
        raise UsageError("--gif and --mp4 animate PNG frames; use --format png")
    if mp4 and ffmpeg_path() is None:
        raise UsageError("--mp4 needs ffmpeg on PATH (apt-get install ffmpeg); use --gif")
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    pngs: list[bytes] = []
    frames = iter_series(engine, days, view, known_at, fmt, title=title, size=size, dpi=dpi,
                         now=now, events_days=events_days, lang=lang)
    for frame in track(frames, f"Writing {fmt.upper()} frames", total=len(days)):
        path = out_dir / frame.name
        atomic_write_bytes(path, frame.data)
        written.append(path)
        if gif or mp4:
            pngs.append(frame.data)
    if days:
        stem = Path(file_name(days[0], engine.view(view), known_at, fmt)).stem
        stem = f"{stem}-to-{days[-1].isoformat()}"
        if gif:
            written.append(out_dir / f"{stem}.gif")
            with stage("Encoding the GIF"):
                atomic_write_bytes(written[-1], gif_bytes(pngs))
        if mp4:
            written.append(out_dir / f"{stem}.mp4")
            with stage("Encoding the MP4"):
                atomic_write_bytes(written[-1], mp4_bytes(pngs))
    return written

