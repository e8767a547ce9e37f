"""App sections: the diff reads well when a parent area changes; the claims table leads with
what a reader scans for."""

from __future__ import annotations

from datetime import date

from controlmap.loading import load_dataset
from controlmap.model.engine import Engine
from controlmap.webapp.diff_section import diff_rows, km2_balance
from tests.conftest import GEO


def test_parent_with_no_ground_of_its_own_is_explained_not_a_bare_zero():
    eng = Engine(load_dataset(GEO))
    diffs = eng.diff(date(2025, 9, 1), date(2026, 1, 20), "assessed")
    rows = {r["Area"]: r for r in diff_rows(eng, diffs)}
    parents = [d for d in diffs if eng.dataset.children(d.area) and round(d.km2, 2) == 0]
    assert parents, "the shipped data should have a city-level change between these dates"
    for d in parents:
        row = rows[eng.dataset.areas[d.area].name]
        assert row["km²"] == 0 and "parts" in str(row["Note"])
    leaves = [d for d in diffs if round(d.km2, 2) > 0]
    assert all(rows[eng.dataset.areas[d.area].name]["Note"] == "" for d in leaves)


def test_balance_sums_to_zero():
    eng = Engine(load_dataset(GEO))
    bal = km2_balance(eng, date(2025, 9, 1), date(2026, 1, 20), "assessed", None)
    assert abs(sum(bal.values())) < 1e-9


def test_claims_table_leads_with_area_status_and_claimant():
    from controlmap.webapp.tables import claims_in_force

    eng = Engine(load_dataset(GEO))
    df = claims_in_force(eng, date(2025, 11, 20), "assessed", None)
    assert list(df.columns[:7]) == ["On map", "Date", "About", "Status", "Claimant", "Link",
                                    "Source"]
    links = df["Link"][df["Link"] != ""]
    assert links.str.startswith(("http://", "https://")).all()


def test_claims_table_never_prints_none_and_names_sources_without_links():
    """A claim without a public URL: an empty link cell, "(no public link)" after its source
    named precisely; dates as written; no cell is None."""
    from controlmap.render.wording import date_as_written
    from controlmap.webapp.tables import area_history, claims_in_force

    eng = Engine(load_dataset(GEO))
    nolink = [c for c in eng.claims if not c.source_url]
    assert nolink, "the shipped data has claims without a public link"
    for day in sorted({c.date.start for c in nolink}):
        df = claims_in_force(eng, day, "assessed", None)
        assert not df.isna().any().any()
        assert "None" not in df.astype(str).to_numpy().ravel().tolist()
        rows = df[df["Link"] == ""]
        assert rows["Source"].str.startswith("(no public link) ").all()
        assert not df[df["Link"] != ""]["Source"].str.contains("no public link").any()
    partial = next(c for c in eng.claims if c.date.is_partial and c.area)
    hist = area_history(eng, partial.area, "claimant:" + partial.claimant, None)
    written = date_as_written(partial.date)
    assert written in hist["Claim date"].tolist() and written != str(partial.date)
    assert partial.date.start.isoformat() not in hist["Claim date"].tolist()
