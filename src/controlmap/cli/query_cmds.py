"""Questions to the resolution engine: state on a day, an area's history, diffs, change dates.

Each prints a readable table, or with `--json` one JSON document scripts can rely on. Both say
how old the information is: the newest report behind a state, and per area its last report
and whether it is stale (docs/resolution.md, rule 2). Text from the data is made printable.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import click

from controlmap.cli.options import (
    DAY,
    data_option,
    json_option,
    known_at_option,
    lang_option,
    load_engine,
    view_option,
)
from controlmap.i18n import N_, translator
from controlmap.model.engine import Engine
from controlmap.model.results import State
from controlmap.model.views import view_label
from controlmap.render.wording import days_text, place_name
from controlmap.review.summary import plain

NO_CLAIM_YET = N_("no claim on or before this date")
ON_THIS_DATE = N_("on this date")
DAYS_BEFORE = N_("{days} before this date")
STALE_MARK = N_(": stale")
LATEST = N_("latest report {day}, {when}{stale} (horizon {horizon} days)")
KNOWN_AT = N_("{view}, as known at {day}")
STALE = N_("stale")
VIA = N_(" (via {area})")
HISTORY_NOTE = N_("a row marked stale is the day the status went past the horizon of "
                  "{days} days without a new report")
STATE_HEADER = (N_("area"), N_("name"), N_("status"), N_("since"), N_("last reported"),
                N_("age (days)"), N_("stale"), N_("rule"), N_("claimant"), N_("claim"))
HISTORY_HEADER = (N_("date"), N_("change"), N_("last reported"), N_("stale"), N_("rule"),
                  N_("claimant"), N_("claim"), N_("source"))


def _echo_json(doc: Any) -> None:
    click.echo(json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=False))


def _table(rows: list[list[str]], header: list[str]) -> None:
    rows = [[plain(str(c)) for c in r] for r in rows]
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for r in [header, ["-" * w for w in widths], *rows]:
        click.echo("  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())


def _name(eng: Engine, area: str, lang: str | None = None) -> str:
    a = eng.dataset.areas[area]
    return place_name(a.name, a.name_uk, lang)


def freshness_line(st: State, lang: str | None = None) -> str:
    """How new the newest information behind a state is, in words."""
    t = translator(lang)
    if st.latest_claim is None:
        return t.gettext(NO_CLAIM_YET)
    age = (st.date - st.latest_claim).days
    when = (t.gettext(ON_THIS_DATE) if age == 0
            else t.gettext(DAYS_BEFORE).format(days=days_text(age, lang)))
    stale = t.gettext(STALE_MARK) if age > st.horizon_days else ""
    return t.gettext(LATEST).format(day=t.day(st.latest_claim), when=when, stale=stale,
                                    horizon=st.horizon_days)


def _heading(view: str, known_at: date | None, lang: str | None = None) -> str:
    if known_at:
        return translator(lang).gettext(KNOWN_AT).format(view=view_label(view, lang),
                                                         day=translator(lang).day(known_at))
    return view_label(view, lang)


@click.command("state")
@click.option("--date", "day", type=DAY, required=True, help="The day to resolve (YYYY-MM-DD).")
@view_option
@known_at_option
@data_option
@json_option
@lang_option
def state_cmd(day: date, view: str, known_at: date | None, data_dir: str | None,
              as_json: bool, lang: str) -> None:
    """Each area's status on a day in a view, since when, the claim behind it, when it was
    last reported and whether that is stale (past $CONTROLMAP_STALE_DAYS, default 60)."""
    eng = load_engine(data_dir)
    st = eng.state(day, eng.view(view), known_at)
    if as_json:
        _echo_json(st.to_json())
        return
    t = translator(lang)
    click.echo(f"{t.day(day)}: {_heading(st.view, known_at, lang)}")
    click.echo(freshness_line(st, lang))
    rows = []
    for area, r in sorted(st.areas.items()):
        via = t.gettext(VIA).format(area=r.via) if r.via else ""
        rows.append([area, _name(eng, area, lang), r.status, str(r.since or "-"),
                     r.last_reported.isoformat() if r.last_reported else "-",
                     "-" if r.age_days is None else str(r.age_days),
                     t.gettext(STALE) if r.stale else "", r.rule, r.claimant or "-",
                     (r.claim or "-") + via])
    _table(rows, t.all(STATE_HEADER))


@click.command("history")
@click.argument("area")
@view_option
@known_at_option
@click.option("--status-only", is_flag=True,
              help="Only the days the status changes, not the newer claims that repeat it.")
@data_option
@json_option
@lang_option
def history_cmd(area: str, view: str, known_at: date | None, status_only: bool,
                data_dir: str | None, as_json: bool, lang: str) -> None:
    """Every change of one area in a view, with the claim and source behind it.

    A row is a new status, a newer claim behind the same status (`ua -> ua`: someone said it
    again), another rule, or the day the status went stale; `--status-only` keeps only the
    days the status itself changes.
    """
    eng = load_engine(data_dir)
    view = eng.view(view)
    changes = eng.history(area, view, known_at)
    if status_only:
        changes = [ch for ch in changes if ch.status != ch.previous]
    docs = []
    for ch in changes:
        c = eng.claims_by_id.get(ch.claim or "")
        docs.append({
            "date": ch.date.isoformat(), "status": ch.status, "previous": ch.previous,
            "since": str(ch.since) if ch.since else None, "claim": ch.claim,
            "claimant": ch.claimant, "via": ch.via,
            "last_reported": ch.last_reported.isoformat() if ch.last_reported else None,
            "stale": ch.stale, "rule": ch.rule,
            "source_title": c.source_title if c else None,
            "source_url": (c.source_url or None) if c else None,
        })
    if as_json:
        _echo_json({"area": area, "view": view,
                    "known_at": known_at.isoformat() if known_at else None, "changes": docs})
        return
    t = translator(lang)
    click.echo(plain(f"{area} ({_name(eng, area, lang)}): {_heading(view, known_at, lang)}"))
    click.echo(t.gettext(HISTORY_NOTE).format(days=eng.horizon_days))
    _table([[str(d["date"]), f"{d['previous']} -> {d['status']}",
             str(d["last_reported"] or "-"), t.gettext(STALE) if d["stale"] else "",
             str(d["rule"]), str(d["claimant"] or "-"), str(d["claim"] or "-"),
             str(d["source_title"] or "-")[:60]] for d in docs],
           t.all(HISTORY_HEADER))


@click.command("diff")
@click.option("--from", "d_from", type=DAY, required=True, help="Earlier day.")
@click.option("--to", "d_to", type=DAY, required=True, help="Later day.")
@view_option
@known_at_option
@data_option
@json_option
def diff_cmd(d_from: date, d_to: date, view: str, known_at: date | None,
             data_dir: str | None, as_json: bool) -> None:
    """Areas whose status differs between two days, with km² (equal-area)."""
    eng = load_engine(data_dir)
    view = eng.view(view)
    diffs = eng.diff(d_from, d_to, view, known_at)
    if as_json:
        _echo_json({
            "from": d_from.isoformat(), "to": d_to.isoformat(), "view": view,
            "known_at": known_at.isoformat() if known_at else None,
            "areas": [{"area": d.area, "before": d.before, "after": d.after,
                       "km2": round(d.km2, 3)} for d in diffs],
        })
        return
    click.echo(f"{d_from.isoformat()} -> {d_to.isoformat()}: {_heading(view, known_at)}")
    if not diffs:
        click.echo("no area changed")
        return
    _table([[d.area, _name(eng, d.area), f"{d.before} -> {d.after}", f"{d.km2:.2f}"]
            for d in diffs], ["area", "name", "change", "km²"])


@click.command("changes")
@view_option
@known_at_option
@data_option
@json_option
def changes_cmd(view: str, known_at: date | None, data_dir: str | None, as_json: bool) -> None:
    """The days on which the view changes (a status, the claim behind it, the rule that gave
    it, or whether it is stale)."""
    eng = load_engine(data_dir)
    view = eng.view(view)
    days = eng.change_dates(view, known_at)
    if as_json:
        _echo_json({"view": view, "known_at": known_at.isoformat() if known_at else None,
                    "dates": [d.isoformat() for d in days]})
        return
    click.echo(f"{len(days)} change dates: {_heading(view, known_at)}")
    for d in days:
        click.echo(d.isoformat())


def register(group: click.Group) -> None:
    """Add this module's commands to `group`."""
    for cmd in (state_cmd, history_cmd, diff_cmd, changes_cmd):
        group.add_command(cmd)
