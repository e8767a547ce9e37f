"""`controlmap track-record`: how often each claimant's claims were confirmed by independent
sources, and the sources that decided each one (docs/track-record.md states the rule).

Interface strings are whole sentences with named fields, one place each, looked up in the
gettext catalogs for `--lang`; data text is escaped for the terminal.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import click

from controlmap.cli.options import DAY, data_option, json_option, lang_option
from controlmap.errors import UsageError
from controlmap.i18n import N_, Translator, translator
from controlmap.model.track_record import (
    DEFAULT_INDEPENDENT,
    DEFAULT_PREMATURE_DAYS,
    DEFAULT_WINDOW_DAYS,
    VERDICT_LABELS,
    VERDICTS,
    Evidence,
    Judgement,
    TrackSettings,
    track_record,
)
from controlmap.model.track_summary import Tally, by_claimant, by_name, record_json
from controlmap.vocabulary import CLAIMANT_LABELS, CLAIMANTS, STATUS_LABELS

_DAYS = re.compile(r"^\s*(\d+)\s*d?\s*$")

MSG_SETTINGS = N_("Track record: window {window} days; agreement up to {premature} days "
                  "after a claim makes it premature; independent kinds: {kinds}.")
MSG_NOTHING = N_("No claims to judge.")
MSG_CLAIMANT = N_("{label} ({claimant}): {total} judged")
MSG_CLAIM = "{date}  {area}  {status}  {verdict}{when}"
MSG_DECIDED_ON = N_(" on {day}")
MSG_CONFIRMED_AFTER = N_(" ({days} days after the claim)")
MSG_SOURCE = N_("    claim {claim} by {who}: {source}")
MSG_EVIDENCE = N_("    {mark} {day}: {who} put {area} ({relation}) as {status}: {source}")
MSG_NO_LINK = N_("{title} (no public link)")
MSG_LINK = "{title} <{url}>"
MSG_BAD_DAYS = "{option} {value!r}: use a number of days like 30d"
MSG_BAD_CLAIMANT = "{option} {value!r}: unknown claimant kind (use one of: {known})"
HEADER = [N_("claimant"), N_("judged"), N_("confirmed"), N_("premature"), N_("contradicted"),
          N_("unverified"), N_("median days to confirmation")]
RELATIONS = {"same": N_("the same area"), "whole": N_("a whole containing it"),
             "part": N_("a part of it")}
NAME_WIDTH = 48
MARKS = {True: N_("+ agrees:"), False: N_("- differs:")}


def _term(text: object) -> str:
    """Data text made safe for a terminal: control characters shown as escapes."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii")
                   for ch in str(text))


class DaysType(click.ParamType):
    """A number of days, `30d` or `30`; anything else is a usage error (exit 2)."""

    name = "DAYS"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None
                ) -> int:
        if isinstance(value, int):
            return value
        m = _DAYS.match(str(value))
        if not m:
            opt = param.opts[0] if param is not None and param.opts else "days"
            self.fail(MSG_BAD_DAYS.format(option=opt, value=value), param, ctx)
        return int(m[1])


def _kind(option: str, value: str) -> str:
    if value not in CLAIMANTS:
        raise UsageError(MSG_BAD_CLAIMANT.format(option=option, value=value,
                                                 known=", ".join(CLAIMANTS)))
    return value


def _source(title: str, url: str, t: Translator) -> str:
    if url:
        return MSG_LINK.format(title=_term(title), url=_term(url))
    return t.gettext(MSG_NO_LINK).format(title=_term(title))


def _label(t: Translator, labels: dict[str, str], key: str) -> str:
    return t.gettext(labels[key]) if key in labels else key


def _who(claimant: str, name: str, t: Translator) -> str:
    label = _label(t, CLAIMANT_LABELS, claimant)
    return _term(f"{label}, {name}" if name else label)


def _short(text: str, width: int = NAME_WIDTH) -> str:
    """A name cut to fit the table (the claim lines and --json keep it whole)."""
    return text if len(text) <= width else text[:width - 1] + "…"


def _pct(t: Tally, verdict: str) -> str:
    return f"{t.counts[verdict]} ({t.shares[verdict]:.0%})"


def _table(rows: list[list[str]], t: Translator) -> None:
    header = t.all(HEADER)
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for r in [header, ["-" * w for w in widths], *rows]:
        click.echo("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())


def _row(label: str, t: Tally) -> list[str]:
    median = "-" if t.median_days is None else f"{t.median_days:g}"
    return [label, str(t.total), *(_pct(t, v) for v in VERDICTS), median]


def _evidence_line(e: Evidence, t: Translator) -> str:
    return t.gettext(MSG_EVIDENCE).format(
        mark=t.gettext(MARKS[e.agrees]), day=t.day(e.day),
        who=_who(e.claim.claimant, e.claim.claimant_name, t),
        area=_term(e.area), relation=t.gettext(RELATIONS[e.relation]),
        status=_label(t, STATUS_LABELS, e.status),
        source=_source(e.claim.source_title, e.claim.source_url, t))


def _claim_lines(j: Judgement, t: Translator) -> list[str]:
    when = t.gettext(MSG_DECIDED_ON).format(day=t.day(j.decided_on)) if j.decided_on else ""
    if j.days_to_confirmation is not None:
        when += t.gettext(MSG_CONFIRMED_AFTER).format(days=j.days_to_confirmation)
    c = j.claim
    lines = [
        MSG_CLAIM.format(date=_term(c.date), area=_term(j.area),
                         status=_label(t, STATUS_LABELS, j.status),
                         verdict=t.gettext(VERDICT_LABELS[j.verdict]), when=when),
        t.gettext(MSG_SOURCE).format(claim=_term(c.id), who=_who(c.claimant, c.claimant_name, t),
                                     source=_source(c.source_title, c.source_url, t)),
    ]
    return lines + [_evidence_line(e, t) for e in j.deciding]


@click.command("track-record")
@click.option("--claimant", default=None, help="Only this claimant kind's claims (e.g. "
              "ru-official).")
@click.option("--from", "since", type=DAY, default=None,
              help="Only claims dated on or after this day (YYYY-MM-DD).")
@click.option("--to", "until", type=DAY, default=None,
              help="Only claims dated on or before this day (YYYY-MM-DD).")
@click.option("--window", type=DaysType(), default=f"{DEFAULT_WINDOW_DAYS}d", show_default=True,
              help="Days after a claim in which independent sources decide it.")
@click.option("--premature-within", "premature", type=DaysType(),
              default=f"{DEFAULT_PREMATURE_DAYS}d", show_default=True,
              help="Agreement this late (after a contradiction or the window) counts as "
                   "premature.")
@click.option("--independent", default=",".join(sorted(DEFAULT_INDEPENDENT)),
              show_default=True, help="Comma-separated claimant kinds that count as "
              "independent (never a claim's own kind or the opposing side's officials).")
@data_option
@json_option
@lang_option
def track_record_cmd(claimant: str | None, since: date | None, until: date | None,
                     window: int, premature: int, independent: str, data_dir: str | None,
                     as_json: bool, lang: str) -> None:
    """Per claimant: how many claims independent sources confirmed, contradicted or left
    unverified, the median days to confirmation, and each claim with its deciding sources."""
    from controlmap.loading import load_dataset

    if claimant is not None:
        claimant = _kind("--claimant", claimant)
    kinds = frozenset(_kind("--independent", k.strip()) for k in independent.split(",")
                      if k.strip())
    settings = TrackSettings(window_days=window, premature_days=premature, independent=kinds)
    record = track_record(load_dataset(data_dir), settings, claimant, since, until)
    if as_json:
        click.echo(json.dumps(record_json(record, claimant, since, until), ensure_ascii=False,
                              indent=2))
        return
    tr = translator(lang)
    click.echo(tr.gettext(MSG_SETTINGS).format(window=window, premature=premature,
                                               kinds=", ".join(sorted(kinds)) or "-"))
    if not record.judgements:
        click.echo(tr.gettext(MSG_NOTHING))
        return
    rows = []
    for c, t in by_claimant(record).items():
        rows.append(_row(_label(tr, CLAIMANT_LABELS, c), t))
        rows += [_row("  " + _short(_term(n)), nt) for n, nt in by_name(record, c).items()]
    click.echo()
    _table(rows, tr)
    for c, t in by_claimant(record).items():
        click.echo()
        click.echo(tr.gettext(MSG_CLAIMANT).format(label=_label(tr, CLAIMANT_LABELS, c),
                                                   claimant=c, total=t.total))
        for j in record.judgements:
            if j.claim.claimant == c:
                for line in _claim_lines(j, tr):
                    click.echo(line)


def register(group: click.Group) -> None:
    """Add this module's command to `group`."""
    group.add_command(track_record_cmd)
