"""The sourced story: what the shipped data must say, case by case, with the source of each.

Each row is (date, view, area, expected status, the source row it rests on). The digest rows
are those of ../shared/data/claims-digest.md (first table, "Corrections", "More dated
reporting"); "series D" is the DeepStateMap occupied-area polygon of day D, summarised per
area in geo/claims-deepstatemap.geojson. A row that fails means the map tells a story the
sources do not: fix the rules or the data, not the row (unless the source row changed).
"""

from __future__ import annotations

from datetime import date

import pytest

from controlmap.loading import load_dataset
from controlmap.model.engine import Engine
from tests.conftest import GEO

UA, RU, CONT, DISP = "ua", "ru", "contested", "disputed"
MEDIA, UAO, RUO = "claimant:media", "claimant:ua-official", "claimant:ru-official"

STORY: list[tuple[str, str, str, str, str]] = [
    # 2022: capture, then the Kharkiv counteroffensive, in two steps across the Oskil.
    ("2022-03-01", "assessed", "kupiansk-right-centre", RU,
     "2022-02-27, media (NGE, retrospective): Russian forces took the city"),
    ("2022-09-05", "assessed", "kupiansk-right-centre", RU,
     "2022-09-10 Ukrainian troops entered: five days before, the centre was still Russian-held; "
     "the month-only '2022-09' claim must not act yet"),
    ("2022-09-05", MEDIA, "kupiansk", RU,
     "2022-09 (NGE) is a span: certain only by its end or a precise claim of it"),
    ("2022-09-12", "assessed", "kupiansk-right-centre", UA,
     "2022-09-10, ua-official (SBU photos) and media: the city council retaken"),
    ("2022-09-12", UAO, "kupiansk-right-centre", UA, "2022-09-10, ua-official"),
    ("2022-09-20", "assessed", "kupiansk-left-bank", RU,
     "2022-09-27, media (RaiNews): the left bank stayed Russian-held until then"),
    ("2022-09-20", "latest", "podoly", RU, "2022-09-27 (RaiNews): the left bank still Russian"),
    ("2022-09-20", "latest", "kupiansk-vuzlovyi", RU,
     "2022-02-27 capture; 2022-09-27 RaiNews: entered only on the 27th"),
    ("2022-09-28", "latest", "kupiansk-vuzlovyi", UA, "2022-09-27, media (RaiNews)"),
    ("2022-10-15", MEDIA, "kupiansk", UA, "2022-09, media (NGE): liberated in September 2022"),
    # Dvorichna bridgehead, early 2025.
    ("2025-01-10", UAO, "dvorichna", CONT, "2025-01-09, ua-official (city official, state TV)"),
    ("2025-01-29", RUO, "dvorichna", RU, "2025-01-28, ru-official (MoD, TASS): Dvorichna taken"),
    ("2025-01-29", "assessed", "dvorichna", CONT,
     "2025-01-27, foreign-official (UK Defence Intelligence): fought over"),
    ("2025-01-29", "disputed", "dvorichna", DISP,
     "2025-01-28 ru-official 'taken' against 2025-01-27 UK DI 'fought over'"),
    ("2026-06-01", "disputed", "dvorichna", RU,
     "the 2025 statements are stale in 2026; only the series (inside the polygon since "
     "2025-01-20) is current, so there is nothing left to dispute"),
    # Autumn 2025: infiltration, the Russian capture claims, the denials.
    ("2025-11-01", RUO, "petropavlivka", CONT,
     "2025-10-31, ru-official (MoD): clearing of Petropavlivka almost finished"),
    ("2025-11-21", RUO, "petropavlivka", RU,
     "2025-11-20, ru-official (Group West commander): Petropavlivka taken"),
    ("2025-11-21", RUO, "kupiansk", RU, "2025-11-20, ru-official (Gerasimov to Putin)"),
    ("2025-11-21", UAO, "kupiansk", UA, "2025-11-20, ua-official (General Staff): denied"),
    ("2025-11-21", "disputed", "kupiansk", DISP, "2025-11-20: the two sides say opposite things"),
    ("2025-11-21", "latest", "kupiansk", DISP,
     "2025-11-20: a same-day disagreement between claimants is disputed, not fighting"),
    ("2025-11-25", "assessed", "kupiansk", CONT,
     "series 2025-11-25: part of the city inside the occupied polygon (not the 2022 claim)"),
    ("2025-11-25", "assessed", "kupiansk-right-north", RU,
     "Corrections: the polygon covers most of the northern districts 2025-10-21 .. 2025-12-12"),
    # The December breakthrough and the clearing of the city.
    ("2025-12-13", UAO, "kupiansk-right-north", UA,
     "2025-12-12, ua-official (Khartiya, upday): the northern districts retaken"),
    ("2025-12-13", UAO, "kupiansk-right-south", CONT,
     "2025-12-12, ua-official: fighting in the city; the south has no claim of its own"),
    ("2025-12-13", UAO, "kindrashivka", UA, "2025-12-12, ua-official (Khartiya): retaken"),
    ("2026-01-05", RUO, "podoly", RU, "2026-01-04, ru-official (MoD, Anadolu): Podoly taken"),
    ("2026-01-13", UAO, "kupiansk-right-centre", UA,
     "2026-01-12, ua-official (Khartiya video): city council taken, flag raised"),
    ("2026-01-13", UAO, "kupiansk-right-south", CONT,
     "2026-01-12, ua-official: Russians hiding in basements in the south"),
    ("2026-01-20", "assessed", "kupiansk-vuzlovyi", UA,
     "mid-January 2026 (published 2026-01-19), analyst Svitan: fully Ukrainian-held"),
    ("2026-01-20", "assessed", "kupiansk", CONT,
     "mid-January 2026, analyst Svitan: nearly all of the city, a grey zone remains"),
    ("2026-01-28", RUO, "kupiansk-vuzlovyi", RU, "2026-01-27, ru-official (MoD): taken"),
    ("2026-01-28", "disputed", "kupiansk-vuzlovyi", DISP,
     "2026-01-27: MoD 'taken' against the CCD and DeepStateMap 'no Russian presence'"),
    ("2026-02-13", UAO, "kupiansk", UA, "2026-02-12, ua-official (Trehubov): fully controlled"),
    ("2026-02-13", UAO, "kupiansk-right-centre", CONT,
     "2026-02-12, ua-official: one small group left in the centre"),
    ("2026-03-13", UAO, "kupiansk-right-centre", CONT,
     "2026-03-12, ua-official: about 20 Russians in a hospital basement"),
    # After March 2026 the series is the one independent record.
    ("2026-05-21", "assessed", "kupiansk-right-centre", UA,
     "series 2026-02-04 on: under 5 % of the centre inside the polygon"),
    ("2026-08-22", "assessed", "kurylivka", CONT,
     "More dated reporting: the occupied area east of the Oskil reaches Kurylivka's edge "
     "(series 2026-08-16 .. 2026-08-22)"),
    ("2026-08-22", "assessed", "dvorichna-bridgehead", RU, "series: the bridgehead held"),
    ("2026-08-22", "assessed", "kupiansk", UA, "series 2025-12-13 .. 2026-08-22"),
]


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load_dataset(GEO))


@pytest.mark.parametrize(("day", "view", "area", "want", "source"), STORY,
                         ids=[f"{d}-{v}-{a}" for d, v, a, _, _ in STORY])
def test_story(engine: Engine, day: str, view: str, area: str, want: str,
               source: str) -> None:
    got = engine.state(date.fromisoformat(day), view).areas[area]
    assert got.status == want, f"{source}: got {got.status} ({got.rule}, claim {got.claim})"


def test_story_is_long_enough() -> None:
    assert len(STORY) >= 25


def test_today_names_the_newest_information_and_says_it_is_stale(engine: Engine) -> None:
    """The series ends on 2026-08-22; on 2026-11-30 every area is stale, and the city's last
    known answer is the series' (the newest information), not an older official claim."""
    state = engine.state(date(2026, 11, 30), "assessed")
    assert state.latest_claim == date(2026, 8, 22)
    assert all(r.stale for r in state.areas.values())
    city = state.areas["kupiansk"]
    assert (city.status, city.claimant, city.rule) == ("ua", "osint-map", "last-known")
    assert city.last_reported == date(2026, 8, 22)


def test_past_the_data_nothing_changes_colour(engine: Engine) -> None:
    """Past the horizon the map keeps the answer it last had while something was fresh."""
    fresh = engine.state(date(2026, 8, 22), "assessed").areas
    late = engine.state(date(2026, 11, 30), "assessed").areas
    assert {a: r.status for a, r in late.items()} == {a: r.status for a, r in fresh.items()}
