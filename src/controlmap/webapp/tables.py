"""Claims and histories as tables: sortable, with source links that are only ever http(s).

Streamlit's dataframe renders cell values as text, never as HTML, so data strings are safe
here; LinkColumn gets only URLs that passed `citations.safe_url`. A claim without one gets an
empty link cell and "no public link" in its Source text, never "None"; dates read as written
("Sep 2022"). The Area tab gives the same answer as the map's popup: status, rule, last
report and stale mark, and the line of any whole it is part of that says otherwise.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from controlmap.i18n import N_, Translator, translator
from controlmap.model.engine import Engine
from controlmap.model.records import Claim
from controlmap.model.views import claimant_label, view_label
from controlmap.render import wording
from controlmap.render.citations import safe_url
from controlmap.render.palette import status_label
from controlmap.render.wholes import ancestors, at_odds, whole_line

LINK = st.column_config.LinkColumn("Link", display_text="open ↗", width="small")
# Column names: the frames keep them in English (tests and code use them); shown translated.
COLUMNS = (N_("On map"), N_("Date"), N_("About"), N_("Status"), N_("Claimant"), N_("Link"),
           N_("Source"), N_("Last reported"), N_("Stale"), N_("Who"), N_("Areas"),
           N_("Published"), N_("Confidence"), N_("Note"), N_("Claim id"), N_("From"), N_("Was"),
           N_("Claim date"), N_("Via"), N_("Area"), N_("Before"), N_("After"))
OPEN = N_("open ↗")
POLYGON = N_("{layer} polygon")


def link_column(t: Translator) -> Any:
    return st.column_config.LinkColumn(t.gettext("Link"), display_text=t.gettext(OPEN),
                                       width="small")


def shown(df: pd.DataFrame, t: Translator) -> pd.DataFrame:
    """The frame with its column names in the page's language."""
    return df.rename(columns=t.gettext)
_MD_SPECIAL = set("\\`*_{}[]()#+-.!|<>~$:&")


def md_escape(text: str) -> str:
    """Data text made inert for st.markdown / st.caption: no markup, links or HTML."""
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in str(text))


def _names(engine: Engine, lang: str | None = None) -> dict[str, str]:
    return {a.id: wording.place_name(a.name, a.name_uk, lang)
            for a in engine.dataset.areas.values()}


def _claimant(t: Translator, claimant: str) -> str:
    return claimant_label(claimant, t.lang)


def source_text(c: Claim | None, lead: bool = False, lang: str | None = None) -> str:
    """A claim's source named precisely, with "(no public link)" when it has no http(s) URL;
    `lead` puts that first (a narrow table cell would cut it off at the end)."""
    if c is None:
        return ""
    name = wording.source_name(c.source_title, c.claimant_name, lang)
    if safe_url(c.source_url):
        return name
    nolink = wording.no_public_link(lang)
    return f"({nolink}) {name}" if lead else f"{name} ({nolink})"


def claims_in_force(engine: Engine, day: date, view: str, known_at: date | None,
                    lang: str | None = None) -> pd.DataFrame:
    """Each claimant's claims standing on `day` (one row per claim), marking the ones behind
    the map in `view`."""
    t = translator(lang)
    names = _names(engine, lang)
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
                "Date": wording.date_as_written(c.date, lang),
                "About": names.get(c.area or "", c.area or t.gettext(POLYGON).format(
                    layer=c.layer)),
                "Status": status_label(c.status, "", lang),
                "Claimant": _claimant(t, c.claimant),
                "Link": safe_url(c.source_url) or "",
                "Source": source_text(c, lead=True, lang=lang),
                "Last reported": r.last_reported.isoformat() if r.last_reported else "",
                "Stale": r.stale,
                "Who": c.claimant_name or "",
                "Areas": "",
                "Published": wording.date_as_written(c.published, lang),
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


def show_claims(engine: Engine, day: date, view: str, known_at: date | None,
                lang: str | None = None) -> None:
    t = translator(lang)
    df = claims_in_force(engine, day, view, known_at, lang)
    if df.empty:
        st.info(t.gettext("No claim stands on {day} in this data.").format(day=t.day(day)))
        return
    st.caption(t.gettext(
        "{n} claims standing on {day}: each claimant's newest claim per area. Ticked: behind "
        "the map in this view. Stale: last reported more than {days} days before. Click a "
        "header to sort; scroll right for note and id.").format(
            n=len(df), day=t.day(day), days=engine.horizon_days))
    g = t.gettext
    st.dataframe(shown(df, t), hide_index=True, width="stretch", column_config={
        g("Link"): link_column(t),
        g("On map"): st.column_config.CheckboxColumn(g("On map"), width="small"),
        g("Stale"): st.column_config.CheckboxColumn(g("Stale"), width="small"),
        g("Source"): st.column_config.TextColumn(g("Source"), width="medium"),
        g("Who"): st.column_config.TextColumn(g("Who"), width="medium"),
        g("Note"): st.column_config.TextColumn(g("Note"), width="large"),
    })


def area_history(engine: Engine, area: str, view: str, known_at: date | None,
                 lang: str | None = None) -> pd.DataFrame:
    t = translator(lang)
    names = _names(engine, lang)
    rows = []
    for ch in engine.history(area, view, known_at):
        c = engine.claims_by_id.get(ch.claim or "")
        rows.append({
            "From": t.day(ch.date),
            "Status": status_label(ch.status, view, lang),
            "Was": status_label(ch.previous, view, lang),
            "Claim date": wording.date_as_written(ch.since, lang),
            "Claimant": _claimant(t, ch.claimant or ""),
            "Via": names.get(ch.via, ch.via) if ch.via else "",
            "Source": source_text(c, lead=True, lang=lang),
            "Link": (safe_url(c.source_url) or "") if c else "",
        })
    return pd.DataFrame(rows)


def show_area(engine: Engine, area: str, day: date, view: str, known_at: date | None,
              lang: str | None = None) -> None:
    """One area on the date: status, the claim behind it, each claimant's view, history."""
    t = translator(lang)
    ds = engine.dataset
    a = ds.areas[area]
    state = engine.state(day, view, known_at)
    r = state.areas[area]
    name = wording.place_name(a.name, a.name_uk, lang)
    other = a.name if name != a.name else a.name_uk
    uk = f" ({md_escape(other)})" if other else ""
    stale = f" — **{t.gettext(wording.STALE)}**" if r.stale else ""
    st.markdown(f"**{md_escape(name)}**{uk} — {status_label(r.status, view, lang)}{stale}")
    if r.rule:
        st.caption(t.gettext("Rule: {rule}").format(
            rule=md_escape(wording.rule_words(r.rule, lang))))
    if r.claim:
        c = engine.claims_by_id[r.claim]
        reported = (t.gettext("; last reported {reported} ({age} before {day})").format(
            reported=t.day(r.last_reported),
            age=wording.days_text((day - r.last_reported).days, lang), day=t.day(day))
            if r.last_reported else "")
        via = (t.gettext(", via {area}").format(area=md_escape(_names(engine, lang)[r.via]))
               if r.via else "")
        # Only the data is escaped: the interface words carry no markup.
        st.caption(t.gettext("Since {since}{reported}, {claimant}: {source}").format(
            since=md_escape(wording.date_as_written(r.since, lang)), reported=reported,
            claimant=_claimant(t, c.claimant), source=md_escape(source_text(c, lang=lang)))
            + via)
    odds = {o.area: o for o in at_odds(ds, state.areas)}
    for whole in [area, *ancestors(ds, area)]:
        if whole in odds:
            st.warning(md_escape(whole_line(engine, odds[whole], state.areas[whole], view,
                                            lang)))
    if a.approximate:
        st.caption(t.gettext("Outline approximate: {method}").format(
            method=md_escape(a.provenance.get("method", ""))))
    pos = [{"Claimant": _claimant(t, k), "Status": status_label(v, "", lang),
            "Stale": k in r.stale_positions}
           for k, v in sorted(r.positions.items())]
    if pos:
        st.dataframe(shown(pd.DataFrame(pos), t), hide_index=True)
    hist = area_history(engine, area, view, known_at, lang)
    st.caption(t.gettext("History in the view: {view}").format(
        view=md_escape(view_label(view, lang))))
    if hist.empty:
        st.info(t.gettext("No claim about this area in this view."))
    else:
        st.dataframe(shown(hist, t), hide_index=True, width="stretch",
                     column_config={t.gettext("Link"): link_column(t)})
