"""The Track record page: per claimant, how often independent sources bore its claims out
(docs/track-record.md), a chart by month, and from each claim the map on its date in the
claimant's view beside the assessed view.

Tables are st.dataframe (cells are text, never HTML); the one markdown block escapes data text
and links only http(s) URLs. Interface strings live here, one constant each, with named fields.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

import altair as alt
import pandas as pd
import streamlit as st

from controlmap.model.dataset import Dataset
from controlmap.model.track_record import (
    DEFAULT_INDEPENDENT,
    DEFAULT_PREMATURE_DAYS,
    DEFAULT_WINDOW_DAYS,
    VERDICT_HELP,
    VERDICT_LABELS,
    VERDICTS,
    Judgement,
    TrackRecord,
    TrackSettings,
    span_end,
    track_record,
)
from controlmap.model.track_summary import Tally, by_claimant, by_month, by_name
from controlmap.model.views import claimant_view
from controlmap.render.citations import safe_url
from controlmap.render.palette import VERDICT_COLOURS, style
from controlmap.vocabulary import CLAIMANT_LABELS, CLAIMANTS
from controlmap.webapp import loading
from controlmap.webapp.page import show_problems, span_of
from controlmap.webapp.tables import LINK, md_escape
from controlmap.webapp.url_state import AppState, to_query

TITLE = "Track record: how often was each side right?"
INTRO = ("Each claim is checked against sources of another kind: was the area put in the same "
         "status within {window} days (confirmed), only later or after first being put "
         "otherwise (premature, up to {premature} days), put otherwise (contradicted), or "
         "did nobody independent say (unverified)? A claim is never judged by its own kind or "
         "by the other side's officials. The rule is written out in docs/track-record.md.")
SETTINGS_HEADER = "Track record"
WINDOW_LABEL = "Window (days)"
WINDOW_HELP = "How long after a claim independent sources may decide it."
PREMATURE_LABEL = "Premature up to (days)"
PREMATURE_HELP = "How late a first agreement still counts, as premature."
KINDS_LABEL = "Independent kinds"
KINDS_HELP = ("Claimant kinds that may decide another kind's claims; never a claim's own kind "
              "or the opposing side's officials.")
CLAIMANTS_LABEL = "Claimants shown"
VERDICTS_CAPTION = "What the verdicts mean"
SUMMARY_HEADER = "Per claimant"
CLAIMS_HEADER = "Claims and verdicts"
CHART_CAPTION = ("Per claimant: its claims by month (each bar the claims dated that month, "
                 "coloured by verdict), then each claim.")
CHART_Y = "claims"
CHART_MONTH = "month"
NOTHING = "No claims to judge with these settings."
CLAIMANT_CAPTION = ("{total} judged · confirmed {confirmed} · premature {premature} · "
                    "contradicted {contradicted} · unverified {unverified} · median days to "
                    "confirmation: {median}")
TABLE_CAPTION = ("“map ↗” opens the map on the claim's date: this claimant's view beside the "
                 "assessed view. Select a row to see the sources that decided it.")
DETAIL_HEADER = "Claim {claim} ({date}, {area}): {verdict}"
DETAIL_CLAIM = "Claimed by {who}: {source}"
DETAIL_NONE = "No independent statement decided anything within the window."
DETAIL_AGREES = "agrees"
DETAIL_DIFFERS = "differs"
DETAIL_LINE = "- {day}: {who} put {area} ({relation}) as {status}, {way}: {source}"
NO_LINK = "{title} (no public link)"
RELATIONS = {"same": "the same area", "whole": "a whole containing it",
             "part": "a part of it"}
MAP_LINK = st.column_config.LinkColumn("Map", display_text="map ↗", width=60,
                                       help="This claimant's view beside the assessed view, "
                                            "on the claim's date")
COUNT_SHARE = "{count} ({share:.0%})"
COLUMNS = {"date": "Date", "about": "About", "status": "Status", "verdict": "Verdict",
           "decided": "Decided on", "days": "Days to confirmation", "who": "Who",
           "source": "Source", "link": "Link", "map": "Map", "claim": "Claim id"}
SUMMARY_COLUMNS = {"claimant": "Claimant", "name": "Named source", "total": "Judged",
                   "median": "Median days to confirmation"}
# Okabe-Ito colours, apart from the map's status colours.
PAGE_PATH = "track-record"


@st.cache_resource(show_spinner="Judging claims…", max_entries=8)
def _record(key: str, window: int, premature: int, kinds: tuple[str, ...],
            _dataset: Dataset) -> TrackRecord:
    del key  # the data's fingerprint: part of the cache key only
    return track_record(_dataset, TrackSettings(window, premature, frozenset(kinds)))


def _settings() -> tuple[TrackSettings, list[str]]:
    """The rule's settings and the claimants to show, from the sidebar."""
    with st.sidebar:
        st.header(SETTINGS_HEADER)
        window = st.number_input(WINDOW_LABEL, 1, 365, DEFAULT_WINDOW_DAYS, key="tr_window",
                                 help=WINDOW_HELP)
        premature = st.number_input(PREMATURE_LABEL, 0, 730, DEFAULT_PREMATURE_DAYS,
                                    key="tr_premature", help=PREMATURE_HELP)
        kinds = st.multiselect(KINDS_LABEL, list(CLAIMANTS), sorted(DEFAULT_INDEPENDENT),
                               key="tr_kinds", format_func=CLAIMANT_LABELS.__getitem__,
                               help=KINDS_HELP)
        shown = st.multiselect(CLAIMANTS_LABEL, list(CLAIMANTS), list(CLAIMANTS),
                               key="tr_claimants", format_func=CLAIMANT_LABELS.__getitem__)
    return TrackSettings(int(window), int(premature), frozenset(kinds)), shown


def map_link(j: Judgement, span: tuple[date, date]) -> str:
    """A relative link to the map page: the claim's date (a partial date's last day, held
    within the data's span), the claimant's view, and the assessed view beside it."""
    day = min(max(span_end(j.claim.date), span[0]), span[1])
    state = AppState(date=day, view=claimant_view(j.claim.claimant), compare="view",
                     compare_view="assessed")
    return "./?" + urlencode(to_query(state))


def _count(t: Tally, verdict: str) -> str:
    return COUNT_SHARE.format(count=t.counts[verdict], share=t.shares[verdict])


def summary_frame(record: TrackRecord) -> pd.DataFrame:
    """One row per claimant and per named source within it: counts with their shares."""
    rows = []

    def row(claimant: str, name: str, t: Tally) -> dict[str, object]:
        out: dict[str, object] = {
            SUMMARY_COLUMNS["claimant"]: CLAIMANT_LABELS.get(claimant, claimant),
            SUMMARY_COLUMNS["name"]: name, SUMMARY_COLUMNS["total"]: t.total}
        out.update({VERDICT_LABELS[v]: _count(t, v) for v in VERDICTS})
        out[SUMMARY_COLUMNS["median"]] = "" if t.median_days is None else f"{t.median_days:g}"
        return out

    for c, t in by_claimant(record).items():
        rows.append(row(c, "", t))
        rows += [row(c, n, nt) for n, nt in by_name(record, c).items()]
    return pd.DataFrame(rows)


def month_frame(record: TrackRecord) -> pd.DataFrame:
    rows = [{"month": pd.Timestamp(m + "-01"), "claimant": CLAIMANT_LABELS.get(c, c),
             "verdict": VERDICT_LABELS[v], "claims": n} for m, c, v, n in by_month(record)]
    return pd.DataFrame(rows, columns=["month", "claimant", "verdict", "claims"])


def claims_frame(judgements: list[Judgement], dataset: Dataset,
                 span: tuple[date, date]) -> pd.DataFrame:
    """One row per judged claim (per area for a geometry claim), in the order given."""
    rows = []
    for j in judgements:
        area = dataset.areas.get(j.area)
        rows.append({
            COLUMNS["map"]: map_link(j, span),
            COLUMNS["date"]: str(j.claim.date),
            COLUMNS["about"]: area.name if area else j.area,
            COLUMNS["status"]: style(j.status).label,
            COLUMNS["verdict"]: VERDICT_LABELS[j.verdict],
            COLUMNS["decided"]: j.decided_on.isoformat() if j.decided_on else "",
            COLUMNS["days"]: "" if j.days_to_confirmation is None
            else str(j.days_to_confirmation),
            COLUMNS["who"]: j.claim.claimant_name,
            COLUMNS["source"]: j.claim.source_title,
            COLUMNS["link"]: safe_url(j.claim.source_url),
            COLUMNS["claim"]: j.claim.id,
        })
    return pd.DataFrame(rows)


def _source_md(title: str, url: str) -> str:
    link = safe_url(url)
    if link:
        return f"[{md_escape(title)}](<{link.replace('>', '%3E')}>)"
    return md_escape(NO_LINK.format(title=title))


def _who(claimant: str, name: str) -> str:
    label = CLAIMANT_LABELS.get(claimant, claimant)
    return md_escape(f"{label}, {name}" if name else label)


def show_detail(j: Judgement, dataset: Dataset) -> None:
    """One claim's verdict and the statements that decided it, each with its source."""
    area = dataset.areas.get(j.area)
    st.markdown("**" + md_escape(DETAIL_HEADER.format(
        claim=j.claim.id, date=j.claim.date, area=area.name if area else j.area,
        verdict=VERDICT_LABELS[j.verdict])) + "**")
    st.markdown(DETAIL_CLAIM.format(who=_who(j.claim.claimant, j.claim.claimant_name),
                                    source=_source_md(j.claim.source_title,
                                                      j.claim.source_url)))
    if not j.deciding:
        st.caption(DETAIL_NONE)
        return
    lines = []
    for e in j.deciding:
        there = dataset.areas.get(e.area)
        lines.append(DETAIL_LINE.format(
            day=e.day.isoformat(), who=_who(e.claim.claimant, e.claim.claimant_name),
            area=md_escape(there.name if there else e.area), relation=RELATIONS[e.relation],
            status=style(e.status).label, way=DETAIL_AGREES if e.agrees else DETAIL_DIFFERS,
            source=_source_md(e.claim.source_title, e.claim.source_url)))
    st.markdown("\n".join(lines))


def show_chart(months: pd.DataFrame, claimant: str, domain: list[pd.Timestamp]) -> None:
    """One claimant's claims by month (the month of each claim's date), stacked by verdict;
    every claimant's chart spans the same months so they line up."""
    df = months[months["claimant"] == CLAIMANT_LABELS.get(claimant, claimant)]
    labels = [VERDICT_LABELS[v] for v in VERDICTS]
    bars = alt.Chart(df).mark_bar(stroke="#555", strokeWidth=0.3).encode(
        x=alt.X("yearmonth(month):T", title=None, scale=alt.Scale(domain=domain)),
        y=alt.Y("sum(claims):Q", title=CHART_Y, axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("verdict:N", scale=alt.Scale(
            domain=labels, range=[VERDICT_COLOURS[v] for v in VERDICTS]),
            legend=alt.Legend(title=None, orient="right")),
        order=alt.Order("verdict:N"),
        tooltip=[alt.Tooltip("yearmonth(month):T", title=CHART_MONTH), "verdict:N",
                 alt.Tooltip("sum(claims):Q", title=CHART_Y)],
    ).properties(height=140)
    st.altair_chart(bars, width="stretch")


def show_claimant(record: TrackRecord, claimant: str, t: Tally, dataset: Dataset,
                  span: tuple[date, date], months: pd.DataFrame,
                  domain: list[pd.Timestamp]) -> None:
    st.subheader(CLAIMANT_LABELS.get(claimant, claimant))
    median = "–" if t.median_days is None else f"{t.median_days:g}"
    st.caption(CLAIMANT_CAPTION.format(total=t.total, median=median, **t.counts))
    show_chart(months, claimant, domain)
    mine = [j for j in record.judgements if j.claim.claimant == claimant]
    df = claims_frame(mine, dataset, span)
    st.caption(TABLE_CAPTION)
    event = st.dataframe(df, hide_index=True, width="stretch", key="tr_table_" + claimant,
                         on_select="rerun", selection_mode="single-row", column_config={
                             COLUMNS["link"]: LINK, COLUMNS["map"]: MAP_LINK,
                             COLUMNS["who"]: st.column_config.TextColumn(width="medium"),
                             COLUMNS["days"]: st.column_config.TextColumn(alignment="right"),
                         })
    rows = event.selection.rows if event is not None else []
    if rows:  # positions in `df` as built, whatever order the reader sorted it in
        show_detail(mine[rows[0]], dataset)


def render_track_page() -> None:
    loaded = loading.load()
    st.title(TITLE)
    if loaded.problems or loaded.engine is None:
        show_problems(loaded)
    if loaded.engine is None:
        return
    dataset = loaded.engine.dataset
    span = span_of(loaded.engine)
    cfg, shown = _settings()
    st.caption(INTRO.format(window=cfg.window_days, premature=cfg.premature_days))
    with st.expander(VERDICTS_CAPTION):
        st.markdown("\n".join(f"- **{VERDICT_LABELS[v]}**: {VERDICT_HELP[v]}"
                              for v in VERDICTS))
    full = _record(loaded.fingerprint, cfg.window_days, cfg.premature_days,
                   tuple(sorted(cfg.independent)), dataset)
    record = TrackRecord(cfg, tuple(j for j in full.judgements if j.claim.claimant in shown))
    if not record.judgements:
        st.info(NOTHING)
        return
    st.header(SUMMARY_HEADER)
    right = st.column_config.TextColumn(alignment="right")
    st.dataframe(summary_frame(record), hide_index=True, width="stretch", column_config={
        **{VERDICT_LABELS[v]: right for v in VERDICTS}, SUMMARY_COLUMNS["median"]: right})
    st.header(CLAIMS_HEADER)
    st.caption(CHART_CAPTION)
    months = month_frame(record)
    first, last = months["month"].min(), months["month"].max()
    domain = [first - pd.Timedelta(days=15), last + pd.Timedelta(days=45)]
    for claimant, t in by_claimant(record).items():
        show_claimant(record, claimant, t, dataset, span, months, domain)
