"""Claims and histories as tables: sortable, with source links that are only ever http(s).

Streamlit's dataframe renders cell values as text, never as HTML, so data strings are safe
here; LinkColumn gets only URLs that passed `citations.safe_url`.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from controlmap.model.engine import Engine
from controlmap.model.views import view_claimant
from controlmap.render.citations import safe_url
from controlmap.render.palette import style
from controlmap.vocabulary import CLAIMANT_LABELS

LINK = st.column_config.LinkColumn("Link", display_text="open ↗", width="small")
_MD_SPECIAL = set("\\`*_{}[]()#+-.!|<>~$:&")


def md_escape(text: str) -> str:
    """Data text made inert for st.markdown / st.caption: no markup, links or HTML."""
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in str(text))


def _names(engine: Engine) -> dict[str, str]:
    return {a.id: a.name for a in engine.dataset.areas.values()}


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
                "Date": str(c.date),
                "About": names.get(c.area or "", c.area or f"{c.layer} polygon"),
                "Status": style(c.status).label,
                "Claimant": CLAIMANT_LABELS.get(c.claimant, c.claimant),
                "Link": safe_url(c.source_url),
                "Who": c.claimant_name,
                "Areas": "",
                "Source": c.source_title,
                "Published": str(c.published) if c.published else "",
                "Confidence": c.confidence,
                "Note": c.note,
                "Claim id": c.id,
            })
            areas_of.setdefault(c.id, set()).add(names.get(area_id, area_id))
            row["Areas"] = ", ".join(sorted(areas_of[c.id]))
    df = pd.DataFrame(list(rows.values()))
    if df.empty:
        return df
    return df.sort_values(["Date", "Claim id"], ascending=[False, True]).reset_index(drop=True)


def show_claims(engine: Engine, day: date, view: str, known_at: date | None) -> None:
    df = claims_in_force(engine, day, view, known_at)
    if df.empty:
        st.info(f"No claim stands on {day.isoformat()} in this data.")
        return
    st.caption(f"{len(df)} claims standing on {day.isoformat()}: each claimant's newest claim "
               "per area. Ticked: behind the map in this view. Click a header to sort; "
               "scroll right for source, note and id.")
    st.dataframe(df, hide_index=True, width="stretch", column_config={
        "Link": LINK,
        "On map": st.column_config.CheckboxColumn("On map", width="small"),
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
            "Status": style(ch.status).label,
            "Was": style(ch.previous).label,
            "Claim date": str(ch.since) if ch.since else "",
            "Claimant": CLAIMANT_LABELS.get(ch.claimant or "", ch.claimant or ""),
            "Via": names.get(ch.via, ch.via) if ch.via else "",
            "Source": c.source_title if c else "",
            "Link": safe_url(c.source_url) if c else None,
        })
    return pd.DataFrame(rows)


def show_area(engine: Engine, area: str, day: date, view: str, known_at: date | None) -> None:
    """One area on the date: status, the claim behind it, each claimant's view, history."""
    a = engine.dataset.areas[area]
    r = engine.state(day, view, known_at).areas[area]
    uk = f" ({md_escape(a.name_uk)})" if a.name_uk else ""
    st.markdown(f"**{md_escape(a.name)}**{uk} — {style(r.status).label}")
    if r.claim:
        c = engine.claims_by_id[r.claim]
        st.caption(f"Since {r.since} ({r.age_days} days before {day.isoformat()}), "
                   f"{CLAIMANT_LABELS.get(c.claimant, c.claimant)}"
                   + (f", via {md_escape(engine.dataset.areas[r.via].name)}" if r.via else ""))
    if a.approximate:
        st.caption("Outline approximate: " + md_escape(a.provenance.get("method", "")))
    pos = [{"Claimant": CLAIMANT_LABELS.get(k, k), "Status": style(v).label}
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
