"""`controlmap state | history | diff | changes` on the shipped data, through click's runner."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from controlmap.cli import main
from tests.conftest import GEO


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    res = CliRunner().invoke(main, [*args, "--data", str(GEO)], env=env)
    return res.exit_code, res.stdout, res.stderr


def test_state_json_shape() -> None:
    code, out, _ = run("state", "--date", "2026-01-20", "--view", "assessed", "--json")
    assert code == 0
    doc = json.loads(out)
    assert set(doc) == {"date", "view", "known_at", "latest_claim", "horizon_days", "areas"}
    assert (doc["date"], doc["view"], doc["known_at"]) == ("2026-01-20", "assessed", None)
    vuz = doc["areas"]["kupiansk-vuzlovyi"]
    assert set(vuz) == {"status", "since", "claim", "claimant", "age_days", "last_reported",
                        "stale", "rule"}
    assert vuz["status"] == "ua" and vuz["claimant"] == "analyst"


def test_state_json_says_how_old_the_information_is() -> None:
    code, out, _ = run("state", "--date", "2026-11-30", "--json")
    assert code == 0
    doc = json.loads(out)
    reported = [a["last_reported"] for a in doc["areas"].values() if a["last_reported"]]
    assert doc["latest_claim"] == max(reported)
    assert doc["horizon_days"] == 60
    for area in doc["areas"].values():
        assert area["stale"] == (area["claim"] is not None), area
        if area["claim"]:
            assert area["rule"] == "last-known"


def test_state_text_says_the_newest_report_and_marks_stale_areas() -> None:
    code, out, _ = run("state", "--date", "2026-11-30")
    assert code == 0
    lines = out.splitlines()
    assert re.fullmatch(r"latest report \d{4}-\d\d-\d\d, \d+ days before this date: "
                        r"stale \(horizon 60 days\)", lines[1])
    header = lines[2].split()
    assert {"last", "reported", "stale", "rule"} <= set(header)
    line = next(ln for ln in lines if ln.startswith("kupiansk "))
    assert " stale " in line and " last-known " in line


def test_stale_days_come_from_the_environment() -> None:
    code, out, _ = run("state", "--date", "2026-11-30", "--json",
                       env={"CONTROLMAP_STALE_DAYS": "4000"})
    assert code == 0
    doc = json.loads(out)
    assert doc["horizon_days"] == 4000
    assert not any(a["stale"] for a in doc["areas"].values())
    code, out, _ = run("state", "--date", "2026-11-30", env={"CONTROLMAP_STALE_DAYS": "4000"})
    assert "(horizon 4000 days)" in out.splitlines()[1] and ": stale" not in out


def test_a_bad_stale_days_setting_is_one_line() -> None:
    code, out, err = run("state", "--date", "2026-01-20",
                         env={"CONTROLMAP_STALE_DAYS": "two months"})
    assert code == 2
    assert "CONTROLMAP_STALE_DAYS" in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in out + err


def test_state_known_at_is_echoed() -> None:
    code, out, _ = run("state", "--date", "2026-01-20", "--known-at", "2026-01-16", "--json")
    assert code == 0
    assert json.loads(out)["known_at"] == "2026-01-16"


def test_state_table_is_readable() -> None:
    code, out, _ = run("state", "--date", "2025-12-01", "--view", "ru-official")
    assert code == 0
    assert "Claimed by Russian officials" in out
    line = next(ln for ln in out.splitlines() if ln.startswith("kupiansk "))
    assert " ru " in line


def test_history_json() -> None:
    code, out, _ = run("history", "kupiansk-vuzlovyi", "--view", "latest", "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["area"] == "kupiansk-vuzlovyi"
    dates = [c["date"] for c in doc["changes"]]
    assert dates == sorted(dates) and "2026-01-27" in dates
    assert all(c["source_title"] for c in doc["changes"])
    assert {"last_reported", "stale", "rule"} <= set(doc["changes"][0])
    # the last row: the day the last report went past the horizon
    last = doc["changes"][-1]
    assert (last["stale"], last["previous"]) == (True, last["status"])


def test_history_text_has_the_freshness_columns() -> None:
    code, out, _ = run("history", "kupiansk", "--view", "assessed")
    assert code == 0
    assert "last reported" in out and "rule" in out
    assert any(" stale " in ln and "last-known" in ln for ln in out.splitlines())


@pytest.mark.parametrize(("args", "expect"), [
    ((), ["unknown -> ua", "ua -> ua", "ua -> contested", "contested -> contested",
          "contested -> ua"]),
    (("--status-only",), ["unknown -> ua", "ua -> contested", "contested -> ua"]),
])
def test_history_status_only(args: tuple[str, ...], expect: list[str]) -> None:
    """ua-official on the right-bank centre: repeated statuses are rows unless --status-only,
    which keeps exactly the days the status changes."""
    code, out, _ = run("history", "kupiansk-right-centre", "--view", "claimant:ua-official",
                       *args, "--json")
    assert code == 0
    pairs = [f"{c['previous']} -> {c['status']}" for c in json.loads(out)["changes"]]
    assert sorted(set(pairs)) == sorted(expect)
    if args:
        assert [p.split(" -> ")[0] for p in pairs[1:]] == [p.split(" -> ")[1]
                                                           for p in pairs[:-1]]
        assert len(pairs) == 6


def test_diff_json() -> None:
    code, out, _ = run("diff", "--from", "2025-11-19", "--to", "2026-01-20",
                       "--view", "claimant:ru-official", "--json")
    assert code == 0
    areas = {d["area"]: d for d in json.loads(out)["areas"]}
    assert areas["kupiansk"]["after"] == "ru"
    # the city's own km² is 0 (its districts tile it); the districts carry the area
    assert all(d["km2"] >= 0 for d in areas.values())
    assert sum(d["km2"] for d in areas.values()) > 1


def test_changes_json() -> None:
    code, out, _ = run("changes", "--view", "disputed", "--json")
    assert code == 0
    dates = json.loads(out)["dates"]
    assert dates and dates == sorted(dates)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("state", "--date", "2026-13-01"), "2026-13-01"),
        (("state", "--date", "2026-01"), "full date"),
        (("state", "--date", "2026-01-20", "--view", "kremlin"), "unknown view 'kremlin'"),
        (("history", "atlantis"), "unknown area 'atlantis'"),
        (("diff", "--from", "2026-01-01"), "--to"),
        (("changes", "--known-at", "yesterday"), "yesterday"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(args: tuple[str, ...], needle: str) -> None:
    code, out, err = run(*args)
    assert code == 2
    assert needle in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err + out
