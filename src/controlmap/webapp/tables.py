"""Claims and histories as tables: sortable, with source links that are only ever http(s).

Streamlit's dataframe renders cell values as text, never as HTML, so data strings are safe
here; LinkColumn gets only URLs that passed `citations.safe_url`. A claim without one gets an
empty link cell and "no public link" in its Source text, never "None"; dates read as written
("Sep 2022"). The Area tab gives the same answer as the map's popup: status, rule, last
report and stale mark, and the line of any whole it is part of that says otherwise.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from controlmap.model.engine import Engine
from controlmap.model.records import Claim
from controlmap.model.views import view_claimant
from controlmap.render import wording
from controlmap.render.citations import safe_url
from controlmap.render.palette import status_label, style
from controlmap.render.wholes import ancestors, at_odds, whole_line
from controlmap.vocabulary import CLAIMANT_LABELS

LINK = st.column_config.LinkColumn("Link", display_text="open ↗", width="small")
_MD_SPECIAL = set("\\`*_{}[]()#+-.!|<>~$:&")


def md_escape(text: str) -> str:
    """Data text made inert for st.markdown / st.caption: no markup, links or HTML."""
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in str(text))


def _names(engine: Engine) -> dict[str, str]:
    return {a.id: a.name for a in engine.dataset.areas.values()}


def source_text(c: Claim | None, lead: bool = False) -> str:
    """A claim's source named precisely, with "(no public link)" when it has no http(s) URL;
    `lead` puts that first (a narrow table cell would cut it off at the end)."""
    if c is None:
        return ""
    name = wording.source_name(c.source_title, c.claimant_name)
    if safe_url(c.source_url):
        return name
    return f"({wording.NO_PUBLIC_LINK}) {name}" if lead else f"{name} ({wording.NO_PUBLIC_LINK})"


def claims_in_force(engine: Engine, day: date, view: str, known_at: date | None
                    ) -> pd.DataFrame:
    """Each claimant's claims standing on `day` (one row per claim), marking the ones behind
    the map in `view`."""
    names = _names(engine)
    shown = engine.state(day, view, known_at, positions=False).areas
    behind = {r.claim for r in shown.values() if r.claim} | {
        c for r in shown.values() for c in r.also}
    rows: dict[str, dict[str, object]] = {}
    areas_of: dict[str, set[str]] = {}
    for claimant in engine.claimants:
        st_ = engine.state(day, "claimant:" + claimant, known_at, positions=False).areas
        for area_id, r in st_.items():
            if not r.claim:
                continue
            c = engine.claims_by_id[r.claim]
            row = rows.setdefault(c.id, {
                "On map": c.id in behind,
                "Date": wording.date_as_written(c.date),
                "About": names.get(c.area or "", c.area or f"{c.layer} polygon"),
                "Status": style(c.status).label,
                "Claimant": CLAIMANT_LABELS.get(c.claimant, c.claimant),
                "Link": safe_url(c.source_url) or "",
                "Source": source_text(c, lead=True),
                "Last reported": r.last_reported.isoformat() if r.last_reported else "",
                "Stale": r.stale,
                "Who": c.claimant_name or "",
                "Areas": "",
                "Published": wording.date_as_written(c.published),
                "Confidence": c.confidence or "",
                "Note": c.note or "",
                "Claim id": c.id,
                "_start": c.date.start.isoformat(),
            })
            areas_of.setdefault(c.id, set()).add(names.get(area_id, area_id))
            row["Areas"] = ", ".join(sorted(areas_of[c.id]))
    df = pd.DataFrame(list(rows.values()))
    if df.empty:
        return df
    df = df.sort_values(["_start", "Claim id"], ascending=[False, True])
    return df.drop(columns="_start").reset_index(drop=True)


def show_claims(engine: Engine, day: date, view: str, known_at: date | None) -> None:
    df = claims_in_force(engine, day, view, known_at)
    if df.empty:
        st.info(f"No claim stands on {day.isoformat()} in this data.")
        return
    st.caption(f"{len(df)} claims standing on {day.isoformat()}: each claimant's newest claim "
               "per area. Ticked: behind the map in this view. Stale: last reported more than "
               f"{engine.horizon_days} days before. Click a header to sort; scroll right for "
               "note and id.")
    st.dataframe(df, hide_index=True, width="stretch", column_config={
        "Link": LINK,
        "On map": st.column_config.CheckboxColumn("On map", width="small"),
        "Stale": st.column_config.CheckboxColumn("Stale", width="small"),
        "Source": st.column_config.TextColumn("Source", width="medium"),
        "Who": st.column_config.TextColumn("Who", width="medium"),
        "Note": st.column_config.TextColumn("Note", width="large"),
    })


def area_history(engine: Engine, area: str, view: str, known_at: date | None) -> pd.DataFrame:
    names = _names(engine)
    rows = []
    for ch in engine.history(area, view, known_at):
        c = engine.claims_by_id.get(ch.claim or "")
        rows.append({
            "From": ch.date.isoformat(),
            "Status": status_label(ch.status, view),
            "Was": status_label(ch.previous, view),
            "Claim date": wording.date_as_written(ch.since),
            "Claimant": CLAIMANT_LABELS.get(ch.claimant or "", ch.claimant or ""),
            "Via": names.get(ch.via, ch.via) if ch.via else "",
            "Source": source_text(c, lead=True),
            "Link": (safe_url(c.source_url) or "") if c else "",
        })
    return pd.DataFrame(rows)


def show_area(engine: Engine, area: str, day: date, view: str, known_at: date | None) -> None:
    """One area on the date: status, the claim behind it, each claimant's view, history."""
    ds = engine.dataset
    a = ds.areas[area]
    state = engine.state(day, view, known_at)
    r = state.areas[area]
    uk = f" ({md_escape(a.name_uk)})" if a.name_uk else ""
    stale = f" — **{wording.STALE}**" if r.stale else ""
    st.markdown(f"**{md_escape(a.name)}**{uk} — {status_label(r.status, view)}{stale}")
    if r.rule:
        st.caption(f"Rule: {md_escape(wording.rule_words(r.rule))}")
    if r.claim:
        c = engine.claims_by_id[r.claim]
        reported = (f"; last reported {r.last_reported.isoformat()} "
                    f"({wording.days_text((day - r.last_reported).days)} before "
                    f"{day.isoformat()})" if r.last_reported else "")
        st.caption(f"Since {md_escape(wording.date_as_written(r.since))}{reported}, "
                   f"{CLAIMANT_LABELS.get(c.claimant, c.claimant)}: "
                   f"{md_escape(source_text(c))}"
                   + (f", via {md_escape(ds.areas[r.via].name)}" if r.via else ""))
    odds = {o.area: o for o in at_odds(ds, state.areas)}
    for whole in [area, *ancestors(ds, area)]:
        if whole in odds:
            st.warning(md_escape(whole_line(engine, odds[whole], state.areas[whole], view)))
    if a.approximate:
        st.caption("Outline approximate: " + md_escape(a.provenance.get("method", "")))
    pos = [{"Claimant": CLAIMANT_LABELS.get(k, k), "Status": style(v).label,
            "Stale": k in r.stale_positions}
           for k, v in sorted(r.positions.items())]
    if pos:
        st.dataframe(pd.DataFrame(pos), hide_index=True)
    hist = area_history(engine, area, view, known_at)
    label = view_claimant(view) or view
    st.caption(f"History in the {label} view")
    if hist.empty:
        st.info("No claim about this area in this view.")
    else:
        st.dataframe(hist, hide_index=True, width="stretch", column_config={"Link": LINK})
