"""Where the data lives and which file holds what kind of features."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from controlmap.errors import DataDirError, DataError, Problem
from controlmap.io import oserrors
from controlmap.io.atomic import content_hash
from controlmap.io.geojson import decode_text, parse_scanned, read_bounded
from controlmap.progress import track

ENV_VAR = "CONTROLMAP_DATA"

# file name pattern -> kind; the kind picks the JSON Schema and the checks.
_KINDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^areas\.geojson$"), "areas"),
    (re.compile(r"^claims(-[a-z0-9][a-z0-9-]*)?\.geojson$"), "claims"),
    (re.compile(r"^events\.geojson$"), "events"),
    (re.compile(r"^towns\.geojson$"), "towns"),
    (re.compile(r"^oskil\.geojson$"), "waterways"),
    (re.compile(r"^context\.geojson$"), "context"),
)
KNOWN_NAMES = "areas, claims, claims-<layer>, events, towns, oskil, context (.geojson)"


def file_kind(name: str) -> str | None:
    for pattern, kind in _KINDS:
        if pattern.match(name):
            return kind
    return None


def layer_name(name: str) -> str:
    """`claims.geojson` -> `claims`; `claims-deepstate.geojson` -> `deepstate`."""
    stem = name.removesuffix(".geojson")
    return stem.split("-", 1)[1] if stem.startswith("claims-") else stem


def repo_geo_dir() -> Path:
    """geo/ of the checkout this package was installed from (editable installs)."""
    return Path(__file__).resolve().parents[3] / "geo"


def default_data_dir() -> Path:
    """$CONTROLMAP_DATA, else ./geo, else the checkout's geo/."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    local = Path.cwd() / "geo"
    if local.is_dir():
        return local
    return repo_geo_dir()


def resolve_data_dir(data_dir: str | Path | None) -> Path:
    path = Path(data_dir) if data_dir else default_data_dir()
    if not path.is_dir():
        raise DataDirError(
            f"{path}: not a readable data directory (pass --data DIR or set {ENV_VAR})"
        )
    return path


@dataclass
class RawData:
    """Every GeoJSON file of a data directory, parsed but not yet checked.

    `collections` maps file name -> parsed FeatureCollection for files that parsed;
    `problems` holds files that did not (syntax errors, not UTF-8) and unknown names.
    `texts` and `hashes` keep what was read, for fmt and for conflict detection.
    """

    data_dir: Path
    collections: dict[str, dict[str, Any]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    hashes: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # object keys each parsed text writes (io/limits.py Scan.keys): the duplicate-key check
    keys_written: dict[str, int] = field(default_factory=dict)

    def of_kind(self, kind: str) -> dict[str, dict[str, Any]]:
        return {n: c for n, c in self.collections.items() if file_kind(n) == kind}


def data_file_names(path: Path) -> list[str]:
    """The *.geojson files of a data directory, sorted (raises OSError)."""
    return sorted(p.name for p in path.iterdir() if p.suffix == ".geojson" and p.is_file())


def read_data_dir(data_dir: str | Path | None = None) -> RawData:
    """Read every *.geojson in the directory; never raise for bad content, only record it."""
    path = resolve_data_dir(data_dir)
    raw = RawData(path)
    try:
        names = data_file_names(path)
    except OSError as err:
        raise DataDirError(oserrors.describe(err, path, "list the directory")) from None
    for name in track(names, "Reading the data files"):
        if file_kind(name) is None:
            raw.problems.append(
                Problem(name, "", "", "unknown data file name",
                        f"rename it to one of {KNOWN_NAMES} or move it out of the directory")
            )
            continue
        try:
            data = read_bounded(path / name)
        except DataError as err:  # too large, or not a regular file
            raw.problems.extend(err.problems)
            continue
        except OSError as err:
            raise DataDirError(oserrors.describe(err, path / name, "read")) from None
        raw.hashes[name] = content_hash(data)
        try:
            text = decode_text(data, name)
            raw.texts[name] = text
            raw.collections[name], found = parse_scanned(text, name)
            raw.keys_written[name] = found.keys
        except DataError as err:
            raw.problems.extend(err.problems)
    return raw
