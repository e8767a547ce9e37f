"""The track-record rule (docs/track-record.md), clause by clause, on small hand-made data;
then hypothesis properties on random data."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import box

from controlmap.dates import PartialDate
from controlmap.model.dataset import Dataset
from controlmap.model.records import Area, Claim
from controlmap.model.track_record import (
    OPPOSING,
    TrackSettings,
    span_end,
    track_record,
)
from controlmap.model.track_summary import Tally, by_claimant, by_month, record_json

BASE = date(2025, 1, 1)
# a0 the city; a1, a2 its districts; a3 a block of a1.
PARENTS: dict[str, str | None] = {"a0": None, "a1": "a0", "a2": "a0", "a3": "a1"}
BOXES = {"a0": (37.50, 49.60, 37.54, 49.62), "a1": (37.50, 49.60, 37.52, 49.62),
         "a2": (37.52, 49.60, 37.54, 49.62), "a3": (37.50, 49.60, 37.51, 49.61)}


def day(n: int) -> date:
    return BASE + timedelta(days=n)


def c(cid: str, area: str | None, n: int, status: str, claimant: str, *,
      text: str | None = None, last: int | None = None, name: str = "",
      geometry: object = None, outside: str | None = None) -> Claim:
    return Claim(
        id=cid, date=PartialDate.parse(text) if text else PartialDate.of(day(n)),
        status=status, claimant=claimant, claimant_name=name, source_title=f"source {cid}",
        source_url=f"https://example.org/{cid}", area=area, geometry=geometry,
        status_outside=outside,
        last_confirmed=None if last is None else PartialDate.of(day(last)),
    )


def data(*claims: Claim) -> Dataset:
    areas = {a: Area(id=a, name=a, name_uk="", kind="district", parent=p, bank=None,
                     provenance={}, geometry=box(*BOXES[a])) for a, p in PARENTS.items()}
    return Dataset(Path("."), areas, list(claims), [])


JUDGED = c("j", "a1", 10, "ru", "ru-official")


def verdict_of(ds: Dataset, cid: str = "j", area: str | None = None,
               cfg: TrackSettings | None = None) -> tuple[str, int | None, list[str]]:
    rec = track_record(ds, cfg)
    (j,) = [j for j in rec.for_claim(cid) if area is None or j.area == area]
    return j.verdict, j.days_to_confirmation, [e.claim.id for e in j.deciding]


CASES = [
    # (why, other claims, verdict, days to confirmation, deciding ids)
    ("nobody else spoke", [], "unverified", None, []),
    ("same area, same status, 2 days later",
     [c("e1", "a1", 12, "ru", "analyst")], "confirmed", 2, ["e1"]),
    ("same area, other status, in the window",
     [c("e1", "a1", 12, "contested", "analyst")], "contradicted", None, ["e1"]),
    ("otherwise first, then the same: premature",
     [c("e1", "a1", 12, "ua", "analyst"), c("e2", "a1", 20, "ru", "media")],
     "premature", 10, ["e1", "e2"]),
    ("the same only after the window: premature",
     [c("e1", "a1", 50, "ru", "analyst")], "premature", 40, ["e1"]),
    ("the same only after the premature limit: unverified",
     [c("e1", "a1", 120, "ru", "analyst")], "unverified", None, []),
    ("otherwise only after the window: unverified",
     [c("e1", "a1", 50, "ua", "analyst")], "unverified", None, []),
    ("the opposing side's officials never decide",
     [c("e1", "a1", 12, "ua", "ua-official")], "unverified", None, []),
    ("its own kind never decides",
     [c("e1", "a1", 12, "ru", "ru-official")], "unverified", None, []),
    ("a one-off report before the claim is not evidence",
     [c("e1", "a1", 5, "ua", "analyst")], "unverified", None, []),
    ("a series confirmed into the window speaks from the claim's day",
     [c("e1", "a1", 5, "ru", "osint-map", last=40)], "confirmed", 0, ["e1"]),
    ("a series confirmed only until before the claim does not",
     [c("e1", "a1", 5, "ru", "osint-map", last=9)], "unverified", None, []),
    ("a one-sided whole speaks for its parts",
     [c("e1", "a0", 11, "ru", "analyst")], "confirmed", 1, ["e1"]),
    ("a one-sided whole differing refutes the part",
     [c("e1", "a0", 11, "ua", "analyst")], "contradicted", None, ["e1"]),
    ("a contested whole says nothing of a part",
     [c("e1", "a0", 11, "contested", "analyst")], "unverified", None, []),
    ("a part held the same says nothing of the whole... (judged is a1, part a3 ru)",
     [c("e1", "a3", 11, "ru", "analyst")], "unverified", None, []),
    ("...a part held otherwise refutes it",
     [c("e1", "a3", 11, "contested", "analyst")], "contradicted", None, ["e1"]),
    ("same day, one agrees and one differs: split, decides nothing",
     [c("e1", "a1", 12, "ru", "analyst"), c("e2", "a1", 12, "ua", "media")],
     "unverified", None, ["e1", "e2"]),
    ("a split day, then agreement: confirmed",
     [c("e1", "a1", 12, "ru", "analyst"), c("e2", "a1", 12, "ua", "media"),
      c("e3", "a1", 15, "ru", "foreign-official")], "confirmed", 5, ["e3"]),
    ("one kind's word about the area itself silences its word about the whole",
     [c("e1", "a1", 12, "contested", "analyst"), c("e2", "a0", 12, "ru", "analyst")],
     "contradicted", None, ["e1"]),
    ("a closer contested whole silences a farther one-sided one (judged a3)",
     [c("e1", "a1", 12, "contested", "analyst"), c("e2", "a0", 12, "ru", "analyst")],
     "unverified", None, []),
    ("an unknown says nothing",
     [c("e1", "a1", 12, "unknown", "analyst")], "unverified", None, []),
]


@pytest.mark.parametrize(("why", "others", "verdict", "days", "deciding"), CASES,
                         ids=[case[0] for case in CASES])
def test_rule(why: str, others: list[Claim], verdict: str, days: int | None,
              deciding: list[str]) -> None:
    judged = replace(JUDGED, area="a3") if "judged a3" in why else JUDGED
    assert verdict_of(data(judged, *others)) == (verdict, days, deciding)


@pytest.mark.parametrize(("others", "verdict"), [
    # parts showing fighting confirm a contested whole; the same kind's word about the whole
    # saying otherwise does not count that day
    ([c("e1", "a3", 12, "contested", "osint-map"), c("e2", "a0", 12, "ua", "osint-map")],
     "confirmed"),
    # ...but another kind's word about the whole does: a split
    ([c("e1", "a3", 12, "contested", "osint-map"), c("e2", "a0", 12, "ua", "analyst")],
     "unverified"),
    # parts held say nothing of a contested whole
    ([c("e1", "a1", 12, "ua", "osint-map")], "unverified"),
])
def test_parts_of_a_contested_whole(others: list[Claim], verdict: str) -> None:
    judged = c("j", "a0", 10, "contested", "ua-official")
    assert verdict_of(data(judged, *others))[0] == verdict


def test_window_and_independent_kinds_are_settings() -> None:
    ds = data(JUDGED, c("e1", "a1", 12, "ua", "analyst"))
    assert verdict_of(ds)[0] == "contradicted"
    assert verdict_of(ds, cfg=TrackSettings(window_days=1))[0] == "unverified"
    no_analysts = TrackSettings(independent=frozenset({"media", "osint-map"}))
    assert verdict_of(ds, cfg=no_analysts)[0] == "unverified"
    # officials in the set still never decide their opponents' claims
    ua = TrackSettings(independent=frozenset({"ua-official"}))
    assert verdict_of(data(JUDGED, c("e1", "a1", 12, "ua", "ua-official")), cfg=ua)[0] \
        == "unverified"
    analyst = c("j", "a1", 10, "ru", "analyst")
    assert verdict_of(data(analyst, c("e1", "a1", 12, "ru", "ru-official")), cfg=ua)[0] \
        == "unverified"
    assert verdict_of(data(analyst, c("e1", "a1", 12, "ua", "ua-official")), cfg=ua)[0] \
        == "contradicted"


@pytest.mark.parametrize(("text", "end"), [
    ("2025-01-11", date(2025, 1, 11)), ("2024-02", date(2024, 2, 29)),
    ("2025", date(2025, 12, 31)),
])
def test_span_end(text: str, end: date) -> None:
    assert span_end(PartialDate.parse(text)) == end


def test_partial_dates() -> None:
    # a judged month claim: the window runs from its first day to its last day + W
    judged = c("j", "a1", 0, "ru", "ru-official", text="2025-02")
    late = c("e1", "a1", 31 + 28 + 25, "ru", "analyst")  # 2025-03-26: within 30 days of 02-28
    assert verdict_of(data(judged, late)) == ("confirmed", 53, ["e1"])
    # a month claim as evidence speaks from its last day
    media = c("e1", "a1", 0, "ru", "media", text="2025-01")
    assert verdict_of(data(JUDGED, media)) == ("confirmed", 20, ["e1"])


def test_geometry_claims_speak_per_area() -> None:
    # an occupied-area polygon over a1 (and so over a3), Ukrainian-held outside it
    poly = c("g", None, 11, "ru", "osint-map", geometry=box(37.499, 49.599, 37.5201, 49.621),
             outside="ua")
    ds = data(JUDGED, c("j2", "a2", 10, "ru", "ru-official"), poly)
    assert verdict_of(ds)[0] == "confirmed"
    assert verdict_of(ds, "j2")[0] == "contradicted"
    # judged per area itself, against an analyst who says a2 is contested
    ds = data(poly, c("e1", "a2", 12, "contested", "analyst"),
              c("e2", "a1", 12, "ru", "analyst"))
    rec = track_record(ds)
    per_area = {j.area: j.verdict for j in rec.for_claim("g")}
    assert per_area["a1"] == "confirmed" and per_area["a2"] == "contradicted"
    assert rec.verdicts_by_claim()["g"] == "contradicted"


def test_unknown_claims_are_not_judged() -> None:
    rec = track_record(data(c("u", "a1", 10, "unknown", "ru-official")))
    assert rec.judgements == () and rec.verdicts_by_claim() == {}


def test_filters_choose_judged_claims_not_evidence() -> None:
    ds = data(JUDGED, c("e1", "a1", 12, "ru", "analyst"))
    rec = track_record(ds, claimant="ru-official", since=day(10), until=day(10))
    assert [(j.claim.id, j.verdict) for j in rec.judgements] == [("j", "confirmed")]
    assert track_record(ds, since=day(11)).for_claim("j") == []


def test_tallies() -> None:
    ds = data(JUDGED, c("j2", "a2", 10, "ru", "ru-official", name="MoD"),
              c("j3", "a2", 14, "ru", "ru-official", name="MoD"),
              c("e1", "a1", 13, "ru", "analyst"), c("e2", "a2", 15, "ua", "analyst"))
    rec = track_record(ds, claimant="ru-official")
    t = by_claimant(rec)["ru-official"]
    assert t.counts == {"confirmed": 1, "premature": 0, "contradicted": 2, "unverified": 0}
    assert t.shares["contradicted"] == 0.667 and t.median_days == 3
    doc = record_json(rec, "ru-official")
    (row,) = doc["claimants"]  # type: ignore[misc]
    assert row["by_name"] == [{"claimant_name": "MoD", "total": 2,
                               "counts": {"confirmed": 0, "premature": 0, "contradicted": 2,
                                          "unverified": 0},
                               "shares": {"confirmed": 0.0, "premature": 0.0,
                                          "contradicted": 1.0, "unverified": 0.0},
                               "median_days_to_confirmation": None}]
    assert by_month(rec) == [("2025-01", "ru-official", "confirmed", 1),
                             ("2025-01", "ru-official", "contradicted", 2)]
    assert Tally.of([]).shares["confirmed"] == 0.0 and Tally.of([]).median_days is None


# ---- properties ---------------------------------------------------------------------------

KINDS = ["ru-official", "ua-official", "analyst", "osint-map", "media", "foreign-official"]
# Even when every kind is called independent, a claim's own kind and its opponents are not.
EVERYONE = frozenset(KINDS)


@st.composite
def claim_sets(draw: st.DrawFn) -> list[Claim]:
    n = draw(st.integers(1, 14))
    out = []
    for i in range(n):
        start = draw(st.integers(0, 200))
        last = draw(st.one_of(st.none(), st.integers(start, start + 120)))
        partial = draw(st.sampled_from([None, None, None, "month"]))
        text = day(start).strftime("%Y-%m") if partial else None
        out.append(c(f"c{i:02d}", draw(st.sampled_from(list(PARENTS))), start,
                     draw(st.sampled_from(["ua", "ru", "contested", "unknown"])),
                     draw(st.sampled_from(KINDS)), text=text,
                     last=None if partial else last))
    return out


@settings(max_examples=150, deadline=None)
@given(claim_sets(), st.sampled_from([TrackSettings(), TrackSettings(independent=EVERYONE)]))
def test_never_decided_by_own_kind_or_opposing_officials(claims: list[Claim],
                                                          cfg: TrackSettings) -> None:
    ds = data(*claims)
    rec = track_record(ds, cfg)
    for j in rec.judgements:
        barred = {j.claim.claimant} | OPPOSING.get(j.claim.claimant, frozenset())
        assert not any(e.claim.claimant in barred for e in j.deciding)
        # and taking every other barred claim away changes nothing
        kept = [x for x in claims if x.id == j.claim.id or x.claimant not in barred]
        (again,) = [k for k in track_record(data(*kept), cfg).for_claim(j.claim.id)
                    if k.area == j.area]
        assert (again.verdict, again.days_to_confirmation, again.deciding) == \
            (j.verdict, j.days_to_confirmation, j.deciding)


@settings(max_examples=150, deadline=None)
@given(claim_sets(), st.integers(0, 60), st.integers(0, 120))
def test_widening_the_window_keeps_confirmed(claims: list[Claim], w: int, more: int) -> None:
    ds = data(*claims)
    narrow = track_record(ds, TrackSettings(window_days=w))
    wide = track_record(ds, TrackSettings(window_days=w + more))
    for a, b in zip(narrow.judgements, wide.judgements, strict=True):
        assert (a.claim.id, a.area) == (b.claim.id, b.area)
        if a.verdict == "confirmed":
            assert b.verdict == "confirmed"
            assert b.days_to_confirmation == a.days_to_confirmation


@settings(max_examples=100, deadline=None)
@given(claim_sets(), st.integers(0, 120), st.integers(0, 120))
def test_a_later_premature_limit_never_loses_an_agreement(claims: list[Claim], p: int,
                                                          more: int) -> None:
    ds = data(*claims)
    short = track_record(ds, TrackSettings(premature_days=p))
    long = track_record(ds, TrackSettings(premature_days=p + more))
    for a, b in zip(short.judgements, long.judgements, strict=True):
        if a.verdict in ("confirmed", "premature"):
            assert b.verdict == a.verdict


def test_popup_verdicts() -> None:
    from controlmap.model.track_summary import claim_verdicts_json

    ds = data(JUDGED, c("e1", "a1", 12, "ua", "analyst"), c("u", "a2", 3, "unknown", "media"))
    got = claim_verdicts_json(track_record(ds))
    assert set(got) == {"j", "e1"}
    assert got["j"]["verdict"] == "contradicted" and got["j"]["decided_on"] == "2025-01-13"
    assert got["j"]["deciding"] == [{"claim": "e1", "claimant": "analyst", "agrees": False,
                                     "source_title": "source e1",
                                     "source_url": "https://example.org/e1"}]
