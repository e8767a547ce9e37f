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

from controlmap.i18n import N_, Translator, translator
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
from controlmap.model.views import claimant_label, claimant_view
from controlmap.render.citations import safe_url
from controlmap.render.palette import VERDICT_COLOURS, status_label
from controlmap.render.wording import date_as_written, place_name
from controlmap.vocabulary import CLAIMANTS
from controlmap.webapp import lang as page_lang
from controlmap.webapp import loading
from controlmap.webapp.charts import localised
from controlmap.webapp.page import show_problems, span_of
from controlmap.webapp.tables import link_column, md_escape
from controlmap.webapp.url_state import AppState, to_query

TITLE = N_("Track record: how often was each side right?")
INTRO = N_("Each claim is checked against sources of another kind: was the area put in the same "
            "status within {window} days (confirmed), only later or after first being put "
            "otherwise (premature, up to {premature} days), put otherwise (contradicted), or "
            "did nobody independent say (unverified)? A claim is never judged by its own kind or "
            "by the other side's officials. The rule is written out in docs/track-record.md.")
SETTINGS_HEADER = N_("Track record")
WINDOW_LABEL = N_("Window (days)")
WINDOW_HELP = N_("How long after a claim independent sources may decide it.")
PREMATURE_LABEL = N_("Premature up to (days)")
PREMATURE_HELP = N_("How late a first agreement still counts, as premature.")
KINDS_LABEL = N_("Independent kinds")
KINDS_HELP = N_("Claimant kinds that may decide another kind's claims; never a claim's own kind "
                 "or the opposing side's officials.")
CLAIMANTS_LABEL = N_("Claimants shown")
VERDICTS_CAPTION = N_("What the verdicts mean")
SUMMARY_HEADER = N_("Per claimant")
CLAIMS_HEADER = N_("Claims and verdicts")
CHART_CAPTION = N_("Per claimant: its claims by month (each bar the claims dated that month, "
                    "coloured by verdict), then each claim.")
CHART_Y = N_("claims")
CHART_MONTH = N_("month")
NOTHING = N_("No claims to judge with these settings.")
CLAIMANT_CAPTION = N_("{total} judged · confirmed {confirmed} · premature {premature} · "
                       "contradicted {contradicted} · unverified {unverified} · median days to "
                       "confirmation: {median}")
TABLE_CAPTION = N_("“map ↗” opens the map on the claim's date: this claimant's view beside the "
                    "assessed view. Select a row to see the sources that decided it.")
DETAIL_HEADER = N_("Claim {claim} ({date}, {area}): {verdict}")
DETAIL_CLAIM = N_("Claimed by {who}: {source}")
DETAIL_NONE = N_("No independent statement decided anything within the window.")
DETAIL_AGREES = N_("agrees")
DETAIL_DIFFERS = N_("differs")
DETAIL_LINE = N_("- {day}: {who} put {area} ({relation}) as {status}, {way}: {source}")
NO_LINK = N_("{title} (no public link)")
RELATIONS = {"same": N_("the same area"), "whole": N_("a whole containing it"),
             "part": N_("a part of it")}
MAP_LINK_TEXT = N_("map ↗")
MAP_LINK_HELP = N_("This claimant's view beside the assessed view, on the claim's date")
COUNT_SHARE = "{count} ({share:.0%})"
COLUMNS = {"date": N_("Date"), "about": N_("About"), "status": N_("Status"),
           "verdict": N_("Verdict"), "decided": N_("Decided on"),
           "days": N_("Days to confirmation"), "who": N_("Who"), "source": N_("Source"),
           "link": N_("Link"), "map": N_("Map"), "claim": N_("Claim id")}
SUMMARY_COLUMNS = {"claimant": N_("Claimant"), "name": N_("Named source"),
                   "total": N_("Judged"), "median": N_("Median days to confirmation")}
PAGE_PATH = "track-record"


JUDGING = N_("Judging claims…")  # shown around _record's call, in the page's language


@st.cache_resource(show_spinner=False, max_entries=8)
def _record(key: str, window: int, premature: int, kinds: tuple[str, ...],
            _dataset: Dataset) -> TrackRecord:
    del key  # the data's fingerprint: part of the cache key only
    return track_record(_dataset, TrackSettings(window, premature, frozenset(kinds)))


def _claimant(tr: Translator, claimant: str) -> str:
    return claimant_label(claimant, tr.lang)


def _settings(tr: Translator) -> tuple[TrackSettings, list[str]]:
    """The rule's settings and the claimants to show, from the sidebar."""
    g = tr.gettext

    def who(c: str) -> str:
        return _claimant(tr, c)

    with st.sidebar:
        st.header(g(SETTINGS_HEADER))
        window = st.number_input(g(WINDOW_LABEL), 1, 365, DEFAULT_WINDOW_DAYS,
                                 key="tr_window", help=g(WINDOW_HELP))
        premature = st.number_input(g(PREMATURE_LABEL), 0, 730, DEFAULT_PREMATURE_DAYS,
                                    key="tr_premature", help=g(PREMATURE_HELP))
        kinds = st.multiselect(g(KINDS_LABEL), list(CLAIMANTS), sorted(DEFAULT_INDEPENDENT),
                               key="tr_kinds", format_func=who, help=g(KINDS_HELP))
        shown = st.multiselect(g(CLAIMANTS_LABEL), list(CLAIMANTS), list(CLAIMANTS),
                               key="tr_claimants", format_func=who)
    return TrackSettings(int(window), int(premature), frozenset(kinds)), shown


def map_link(j: Judgement, span: tuple[date, date], lang: str = "") -> str:
    """A relative link to the map page: the claim's date (a partial date's last day, held
    within the data's span), the claimant's view, and the assessed view beside it."""
    day = min(max(span_end(j.claim.date), span[0]), span[1])
    state = AppState(date=day, view=claimant_view(j.claim.claimant), compare="view",
                     compare_view="assessed", lang=lang)
    return "./?" + urlencode(to_query(state))


def _count(t: Tally, verdict: str) -> str:
    return COUNT_SHARE.format(count=t.counts[verdict], share=t.shares[verdict])


def summary_frame(record: TrackRecord, lang: str | None = None) -> pd.DataFrame:
    """One row per claimant and per named source within it: counts with their shares."""
    rows = []
    tr = translator(lang)
    g = tr.gettext

    def row(claimant: str, name: str, t: Tally) -> dict[str, object]:
        out: dict[str, object] = {
            g(SUMMARY_COLUMNS["claimant"]): _claimant(tr, claimant),
            g(SUMMARY_COLUMNS["name"]): name, g(SUMMARY_COLUMNS["total"]): t.total}
        out.update({g(VERDICT_LABELS[v]): _count(t, v) for v in VERDICTS})
        out[g(SUMMARY_COLUMNS["median"])] = ("" if t.median_days is None
                                             else tr.number(t.median_days))
        return out

    for c, t in by_claimant(record).items():
        rows.append(row(c, "", t))
        rows += [row(c, n, nt) for n, nt in by_name(record, c).items()]
    return pd.DataFrame(rows)


def month_frame(record: TrackRecord, lang: str | None = None) -> pd.DataFrame:
    tr = translator(lang)
    rows = [{"month": pd.Timestamp(m + "-01"), "claimant": _claimant(tr, c),
             "verdict": tr.gettext(VERDICT_LABELS[v]), "claims": n}
            for m, c, v, n in by_month(record)]
    return pd.DataFrame(rows, columns=["month", "claimant", "verdict", "claims"])


def claims_frame(judgements: list[Judgement], dataset: Dataset,
                 span: tuple[date, date], lang: str | None = None) -> pd.DataFrame:
    """One row per judged claim (per area for a geometry claim), in the order given."""
    rows = []
    tr = translator(lang)
    col = {k: tr.gettext(v) for k, v in COLUMNS.items()}
    for j in judgements:
        area = dataset.areas.get(j.area)
        rows.append({
            col["map"]: map_link(j, span, lang or ""),
            col["date"]: date_as_written(j.claim.date, lang),
            col["about"]: place_name(area.name, area.name_uk, lang) if area else j.area,
            col["status"]: status_label(j.status, "", lang),
            col["verdict"]: tr.gettext(VERDICT_LABELS[j.verdict]),
            col["decided"]: tr.day(j.decided_on) if j.decided_on else "",
            col["days"]: "" if j.days_to_confirmation is None
            else str(j.days_to_confirmation),
            col["who"]: j.claim.claimant_name,
            col["source"]: j.claim.source_title,
            col["link"]: safe_url(j.claim.source_url),
            col["claim"]: j.claim.id,
        })
    return pd.DataFrame(rows)


def _source_md(title: str, url: str, tr: Translator) -> str:
    link = safe_url(url)
    if link:
        return f"[{md_escape(title)}](<{link.replace('>', '%3E')}>)"
    return md_escape(tr.gettext(NO_LINK).format(title=title))


def _who(claimant: str, name: str, tr: Translator) -> str:
    label = _claimant(tr, claimant)
    return md_escape(f"{label}, {name}" if name else label)


def show_detail(j: Judgement, dataset: Dataset, tr: Translator | None = None) -> None:
    """One claim's verdict and the statements that decided it, each with its source."""
    tr = tr or translator()
    g = tr.gettext
    area = dataset.areas.get(j.area)

    def where(a: str) -> str:
        x = dataset.areas.get(a)
        return place_name(x.name, x.name_uk, tr.lang) if x else a

    st.markdown("**" + md_escape(g(DETAIL_HEADER).format(
        claim=j.claim.id, date=date_as_written(j.claim.date, tr.lang),
        area=where(area.id) if area else j.area, verdict=g(VERDICT_LABELS[j.verdict]))) + "**")
    st.markdown(g(DETAIL_CLAIM).format(who=_who(j.claim.claimant, j.claim.claimant_name, tr),
                                       source=_source_md(j.claim.source_title,
                                                         j.claim.source_url, tr)))
    if not j.deciding:
        st.caption(g(DETAIL_NONE))
        return
    lines = []
    for e in j.deciding:
        lines.append(g(DETAIL_LINE).format(
            day=tr.day(e.day), who=_who(e.claim.claimant, e.claim.claimant_name, tr),
            area=md_escape(where(e.area)), relation=g(RELATIONS[e.relation]),
            status=status_label(e.status, "", tr.lang),
            way=g(DETAIL_AGREES) if e.agrees else g(DETAIL_DIFFERS),
            source=_source_md(e.claim.source_title, e.claim.source_url, tr)))
    st.markdown("\n".join(lines))


def show_chart(months: pd.DataFrame, claimant: str, domain: list[pd.Timestamp],
               tr: Translator) -> None:
    """One claimant's claims by month (the month of each claim's date), stacked by verdict;
    every claimant's chart spans the same months so they line up."""
    df = months[months["claimant"] == _claimant(tr, claimant)]
    labels = [tr.gettext(VERDICT_LABELS[v]) for v in VERDICTS]
    bars = alt.Chart(df).mark_bar(stroke="#555", strokeWidth=0.3).encode(
        x=alt.X("yearmonth(month):T", title=None, scale=alt.Scale(domain=domain)),
        y=alt.Y("sum(claims):Q", title=tr.gettext(CHART_Y), axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("verdict:N", scale=alt.Scale(
            domain=labels, range=[VERDICT_COLOURS[v] for v in VERDICTS]),
            legend=alt.Legend(title=None, orient="right")),
        order=alt.Order("verdict:N"),
        tooltip=[alt.Tooltip("yearmonth(month):T", title=tr.gettext(CHART_MONTH)),
                 alt.Tooltip("verdict:N", title=tr.gettext(COLUMNS["verdict"])),
                 alt.Tooltip("sum(claims):Q", title=tr.gettext(CHART_Y))],
    ).properties(height=140)
    st.altair_chart(localised(bars, tr.lang), width="stretch")


def show_claimant(record: TrackRecord, claimant: str, t: Tally, dataset: Dataset,
                  span: tuple[date, date], months: pd.DataFrame,
                  domain: list[pd.Timestamp], tr: Translator) -> None:
    g = tr.gettext
    st.subheader(_claimant(tr, claimant))
    median = "–" if t.median_days is None else tr.number(t.median_days)
    st.caption(g(CLAIMANT_CAPTION).format(total=t.total, median=median, **t.counts))
    show_chart(months, claimant, domain, tr)
    mine = [j for j in record.judgements if j.claim.claimant == claimant]
    df = claims_frame(mine, dataset, span, tr.lang)
    st.caption(g(TABLE_CAPTION))
    map_link_col = st.column_config.LinkColumn(g(COLUMNS["map"]), display_text=g(MAP_LINK_TEXT),
                                               width=60, help=g(MAP_LINK_HELP))
    event = st.dataframe(df, hide_index=True, width="stretch", key="tr_table_" + claimant,
                         on_select="rerun", selection_mode="single-row", column_config={
                             g(COLUMNS["link"]): link_column(tr),
                             g(COLUMNS["map"]): map_link_col,
                             g(COLUMNS["who"]): st.column_config.TextColumn(width="medium"),
                             g(COLUMNS["days"]): st.column_config.TextColumn(
                                 alignment="right"),
                         })
    rows = event.selection.rows if event is not None else []
    if rows:  # positions in `df` as built, whatever order the reader sorted it in
        show_detail(mine[rows[0]], dataset, tr)


def render_track_page() -> None:
    loaded = loading.load()
    tr = page_lang.translator()
    g = tr.gettext
    st.title(g(TITLE))
    if loaded.problems or loaded.engine is None:
        show_problems(loaded)
    if loaded.engine is None:
        return
    dataset = loaded.engine.dataset
    span = span_of(loaded.engine)
    cfg, shown = _settings(tr)
    st.caption(g(INTRO).format(window=cfg.window_days, premature=cfg.premature_days))
    with st.expander(g(VERDICTS_CAPTION)):
        st.markdown("\n".join(f"- **{g(VERDICT_LABELS[v])}**: {g(VERDICT_HELP[v])}"
                              for v in VERDICTS))
    with st.spinner(g(JUDGING)):
        full = _record(loaded.fingerprint, cfg.window_days, cfg.premature_days,
                       tuple(sorted(cfg.independent)), dataset)
    record = TrackRecord(cfg, tuple(j for j in full.judgements if j.claim.claimant in shown))
    if not record.judgements:
        st.info(g(NOTHING))
        return
    st.header(g(SUMMARY_HEADER))
    right = st.column_config.TextColumn(alignment="right")
    st.dataframe(summary_frame(record, tr.lang), hide_index=True, width="stretch",
                 column_config={**{g(VERDICT_LABELS[v]): right for v in VERDICTS},
                                g(SUMMARY_COLUMNS["median"]): right})
    st.header(g(CLAIMS_HEADER))
    st.caption(g(CHART_CAPTION))
    months = month_frame(record, tr.lang)
    first, last = months["month"].min(), months["month"].max()
    domain = [first - pd.Timedelta(days=15), last + pd.Timedelta(days=45)]
    for claimant, t in by_claimant(record).items():
        show_claimant(record, claimant, t, dataset, span, months, domain, tr)
