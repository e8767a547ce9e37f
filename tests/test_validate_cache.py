"""The validation cache: an unchanged directory is not checked again, a changed byte always is.

Results are keyed by every file's content hash, the rules and the day; these tests change
one of each and expect the check to run again, and corrupt or share the cache to show it is
only ever a shortcut.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from controlmap import validate
from controlmap.errors import DataError, Problem
from controlmap.io.datadir import read_data_dir
from controlmap.loading import load_dataset, load_valid_parts
from controlmap.validate import cache
from controlmap.validate.cache import check_cached

TODAY = date(2026, 11, 30)


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "cache"
    monkeypatch.setenv("CONTROLMAP_CACHE", str(root))
    return root / "validated"


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the real checks run (validate.check, as the cache calls it)."""
    seen: list[int] = []
    real = validate.check

    def counting(raw: object, today: date | None = None) -> list[Problem]:
        seen.append(1)
        return real(raw, today)  # type: ignore[arg-type]

    monkeypatch.setattr(validate, "check", counting)
    return seen


def _break_a_claim(geo: Path, keep_size: bool = False) -> None:
    """status "ua" -> "uA" in the first claim: same size, a problem the schema names."""
    path = geo / "claims.geojson"
    stat = path.stat()
    text = path.read_text("utf-8")
    assert '"status": "ua"' in text
    path.write_text(text.replace('"status": "ua"', '"status": "uA"', 1), "utf-8")
    if keep_size:  # what a stat()-based fingerprint would miss: same size and mtime
        assert path.stat().st_size == stat.st_size
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def test_unchanged_directory_is_not_checked_again(geo_copy: Path, cache_dir: Path,
                                                  calls: list[int]) -> None:
    first = check_cached(read_data_dir(geo_copy), TODAY)
    assert first == [] and len(calls) == 1
    assert len(list(cache_dir.glob("*.json"))) == 1
    assert check_cached(read_data_dir(geo_copy), TODAY) == []
    assert len(calls) == 1


@pytest.mark.parametrize("keep_size", [False, True])
def test_a_changed_file_is_checked_again(geo_copy: Path, cache_dir: Path, calls: list[int],
                                         keep_size: bool) -> None:
    assert check_cached(read_data_dir(geo_copy), TODAY) == []
    _break_a_claim(geo_copy, keep_size)
    problems = check_cached(read_data_dir(geo_copy), TODAY)
    assert len(calls) == 2
    assert [p.field for p in problems] == ["properties.status"]
    with pytest.raises(DataError, match="unknown status 'uA'"):
        load_dataset(geo_copy, today=TODAY)


def test_problems_are_remembered_as_they_were(geo_copy: Path, cache_dir: Path,
                                              calls: list[int]) -> None:
    _break_a_claim(geo_copy)
    first = check_cached(read_data_dir(geo_copy), TODAY)
    assert check_cached(read_data_dir(geo_copy), TODAY) == first
    assert len(calls) == 1 and first and all(isinstance(p, Problem) for p in first)


def test_another_day_or_other_rules_check_again(geo_copy: Path, cache_dir: Path,
                                                calls: list[int],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    check_cached(read_data_dir(geo_copy), TODAY)
    check_cached(read_data_dir(geo_copy), date(2026, 12, 1))
    assert len(calls) == 2
    monkeypatch.setattr(cache, "rules_fingerprint", lambda: "other rules")
    check_cached(read_data_dir(geo_copy), TODAY)
    assert len(calls) == 3


def test_the_rules_fingerprint_covers_the_validator_source() -> None:
    sources = {p.relative_to(cache._PACKAGE).as_posix()
               for pattern in cache._RULE_SOURCES for p in cache._PACKAGE.glob(pattern)}
    assert {"validate/__init__.py", "validate/schema.py", "schemas/claims.json",
            "io/geojson.py", "vocabulary.py", "dates.py"} <= sources


@pytest.mark.parametrize("garbage", [b"", b"{not json", b'{"format": 1}', b"[1, 2]",
                                     b'{"format": 1, "key": "x", "problems": [[1]]}'])
def test_a_broken_entry_is_a_miss(geo_copy: Path, cache_dir: Path, calls: list[int],
                                  garbage: bytes) -> None:
    _break_a_claim(geo_copy)
    raw = read_data_dir(geo_copy)
    key = cache.cache_key(raw, TODAY)
    assert key is not None
    cache_dir.mkdir(parents=True)
    (cache_dir / f"{key}.json").write_bytes(garbage)
    assert [p.field for p in check_cached(raw, TODAY)] == ["properties.status"]
    assert len(calls) == 1
    assert json.loads((cache_dir / f"{key}.json").read_text("utf-8"))["key"] == key


def test_an_entry_for_other_bytes_is_never_used(geo_copy: Path, cache_dir: Path) -> None:
    """Even a clean entry planted under the key of broken data is ignored: the key is the
    entry's name and is written inside it, and neither matches."""
    clean = read_data_dir(geo_copy)
    check_cached(clean, TODAY)
    _break_a_claim(geo_copy)
    broken = read_data_dir(geo_copy)
    good_key, bad_key = cache.cache_key(clean, TODAY), cache.cache_key(broken, TODAY)
    assert good_key != bad_key
    (cache_dir / f"{bad_key}.json").write_bytes((cache_dir / f"{good_key}.json").read_bytes())
    assert [p.field for p in check_cached(broken, TODAY)] == ["properties.status"]


def test_off_or_unwritable_cache_only_costs_speed(geo_copy: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  calls: list[int]) -> None:
    monkeypatch.setenv("CONTROLMAP_CACHE", "off")
    check_cached(read_data_dir(geo_copy), TODAY)
    check_cached(read_data_dir(geo_copy), TODAY)
    assert len(calls) == 2
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("CONTROLMAP_CACHE", str(blocker))
    assert check_cached(read_data_dir(geo_copy), TODAY) == []
    assert len(calls) == 3


def test_salvaged_part_is_cached_by_the_directory_it_came_from(
        geo_copy: Path, cache_dir: Path, calls: list[int]) -> None:
    _break_a_claim(geo_copy)
    first = load_valid_parts(geo_copy, today=TODAY)
    assert first.dataset is not None and first.dropped and len(calls) == 2
    again = load_valid_parts(geo_copy, today=TODAY)
    assert len(calls) == 2
    assert again.problems == first.problems and again.dropped == first.dropped
    assert sorted(again.dataset.areas) == sorted(first.dataset.areas)  # type: ignore[union-attr]


def test_old_entries_are_pruned(geo_copy: Path, cache_dir: Path,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "MAX_ENTRIES", 3)
    raw = read_data_dir(geo_copy)
    for day in range(1, 7):
        check_cached(raw, date(2026, 11, day))
    assert len(list(cache_dir.glob("*.json"))) == 3


WORKER = """
import sys
from datetime import date
from controlmap.io.datadir import read_data_dir
from controlmap.validate.cache import check_cached
for _ in range(3):
    problems = check_cached(read_data_dir(sys.argv[1]), date(2026, 11, 30))
    print(len(problems))
"""


def test_concurrent_runs_share_one_cache(geo_copy: Path, cache_dir: Path) -> None:
    """Four processes validating the same directory at once: each gets the whole answer,
    and the cache holds whole JSON entries only (no temp files left behind)."""
    _break_a_claim(geo_copy)
    env = {**os.environ, "CONTROLMAP_CACHE": str(cache_dir.parent)}
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, str(geo_copy)], env=env,
                              stdout=subprocess.PIPE, text=True) for _ in range(4)]
    outs = [p.communicate(timeout=300)[0].split() for p in procs]
    assert all(p.returncode == 0 for p in procs)
    assert outs == [["1", "1", "1"]] * 4
    key = cache.cache_key(read_data_dir(geo_copy), TODAY)
    assert [p.name for p in cache_dir.iterdir()] == [f"{key}.json"]
