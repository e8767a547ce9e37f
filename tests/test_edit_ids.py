"""Ids of new claims are slugs, readable, and never collide; a bad field is named.

Field values are judged by the validator (the one rule set), reached here the way an editor
reaches it: `claim_ops.add_claim(..., dry_run=True)`, which reads the data and writes nothing.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from controlmap.edit import claim_ops
from controlmap.edit.ids import SLUG, claim_id, series_id, slugify, unique_id
from controlmap.vocabulary import CLAIMANTS, STATUSES
from tests.conftest import FIXTURES

TODAY = date(2026, 11, 25)
GOOD = {"area": "kupiansk", "date": "2025-11-20", "status": "ru", "claimant": "ru-official",
        "source_title": "MoD"}
FEW = settings(max_examples=25, deadline=None)


def check(**changes: str) -> list[str]:
    """The fields the validator finds wrong in GOOD with `changes` (properties. dropped)."""
    verdict = claim_ops.add_claim(FIXTURES / "valid", GOOD | changes, today=TODAY,
                                  dry_run=True)
    return [p.field.removeprefix("properties.") for p in verdict.problems]


@given(st.text(max_size=30), st.sampled_from(CLAIMANTS), st.text(max_size=30))
def test_claim_id_is_a_slug(date_text: str, claimant: str, area: str) -> None:
    cid = claim_id(date_text, claimant, area, set())
    assert SLUG.match(cid)


@given(st.sets(st.sampled_from(["a", "a-2", "a-3", "a-5", "b"]), max_size=5))
def test_unique_id_avoids_taken(taken: set[str]) -> None:
    new = unique_id("a", taken)
    assert new not in taken and (new == "a" or new.startswith("a-"))


def test_readable_ids() -> None:
    assert claim_id("2025-11-20", "ru-official", "kupiansk", set()) == \
        "2025-11-20-ru-official-kupiansk"
    assert claim_id("2022-09", "ua-official", "kupiansk", {"2022-09-ua-official-kupiansk"}) \
        == "2022-09-ua-official-kupiansk-2"
    assert series_id("deepstate", "2025-01-20") == "deepstate-2025-01-20"
    assert slugify("  Deep State! ") == "deep-state"


@FEW
@given(st.dates(min_value=date(2014, 1, 1), max_value=TODAY))
def test_any_day_of_the_war_is_accepted(day: date) -> None:
    assert check(date=day.isoformat(), published=TODAY.isoformat()) == []


@FEW
@given(st.dates(min_value=date(1, 1, 1), max_value=date(2013, 12, 31)))
def test_days_before_2014_are_refused(day: date) -> None:
    assert check(date=day.isoformat()) == ["date"]


@FEW
@given(st.dates(min_value=TODAY + timedelta(days=1), max_value=date(2100, 1, 1)))
def test_future_days_are_refused(day: date) -> None:
    assert check(date=day.isoformat()) == ["date"]


@FEW
@given(st.text(min_size=1, max_size=12).filter(lambda s: s.strip() not in ("", *STATUSES)))
def test_status_outside_vocabulary(status: str) -> None:
    assert "status" in check(status=status)


@pytest.mark.parametrize(("changes", "fields"), [
    ({"date": "2026-13-01"}, ["date"]),
    ({"date": "2025-02-30"}, ["date"]),
    ({"date": "20-11-2025"}, ["date"]),
    ({"area": "atlantis"}, ["area"]),
    ({"claimant": "blogger"}, ["claimant"]),
    ({"confidence": "sure"}, ["confidence"]),
    ({"published": "2025-11-19"}, ["date"]),  # "date ... is after published ..."
    ({"published": "2025-11"}, ["published"]),
    ({"source_url": "ftp://x"}, ["source_url"]),
    ({"source_title": ""}, ["source_title"]),  # no source at all
    ({"source_title": "", "source_url": "https://example.org/"}, []),  # a URL is a source
    ({"status_outside": "ua"}, ["status_outside"]),
    ({"colour": "red"}, ["colour"]),
    ({"note": "", "published": "", "date": "2025"}, []),
])
def test_field_checks(changes: dict[str, str], fields: list[str]) -> None:
    assert check(**changes) == fields
