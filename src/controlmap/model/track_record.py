"""Track record: was each claim later confirmed, contradicted, or left unverified by sources
of another kind? docs/track-record.md states the rule; this module is its one implementation.

Pure: it reads a Dataset's claims and the area hierarchy (parent links), never a file. A
geometry claim speaks of each area by the engine's own overlap rule (one import site below).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from controlmap import crs
from controlmap.i18n import N_
from controlmap.model.compiled import CODE_STATUS, overlap_rows  # the engine's overlap rule
from controlmap.model.dataset import Dataset
from controlmap.model.records import Area, Claim
from controlmap.model.spans import AREA, CLAIM, STATUS, span_end

# Verdicts, best first. Labels and one-line meanings are interface strings: one place each.
VERDICTS: tuple[str, ...] = ("confirmed", "premature", "contradicted", "unverified")
VERDICT_LABELS: dict[str, str] = {
    "confirmed": N_("Confirmed"),
    "premature": N_("Premature"),
    "contradicted": N_("Contradicted"),
    "unverified": N_("Unverified"),
}
VERDICT_HELP: dict[str, str] = {
    "confirmed": N_("Independent sources said the same within the window, before anyone "
                    "said otherwise."),
    "premature": N_("Independent sources came to say the same, but only after saying "
                    "otherwise or after the window."),
    "contradicted": N_("Independent sources said otherwise within the window and never came "
                       "to agree."),
    "unverified": N_("No independent source spoke of it within the window, or they split."),
}

DEFAULT_WINDOW_DAYS = 30
DEFAULT_PREMATURE_DAYS = 90
# Claimant kinds that can decide another kind's claim (never its own kind, never the
# opposing side's officials, whatever this set says).
DEFAULT_INDEPENDENT: frozenset[str] = frozenset(
    {"analyst", "osint-map", "media", "foreign-official"})
OPPOSING: dict[str, frozenset[str]] = {
    "ru-official": frozenset({"ua-official"}),
    "ua-official": frozenset({"ru-official"}),
}
ONE_SIDED: frozenset[str] = frozenset({"ua", "ru"})
JUDGED_STATUSES: frozenset[str] = frozenset({"ua", "ru", "contested"})

SAME, WHOLE, PART = "same", "whole", "part"
_RELATION_ORDER = {SAME: 0, WHOLE: 1, PART: 2}


@dataclass(frozen=True)
class TrackSettings:
    """The rule's settings: the window, how late agreement still counts (premature), and
    which claimant kinds are independent."""

    window_days: int = DEFAULT_WINDOW_DAYS
    premature_days: int = DEFAULT_PREMATURE_DAYS
    independent: frozenset[str] = DEFAULT_INDEPENDENT

    def deciding_kinds(self, claimant: str) -> frozenset[str]:
        """Kinds whose claims can decide a claim of `claimant`."""
        return self.independent - {claimant} - OPPOSING.get(claimant, frozenset())

    def to_json(self) -> dict[str, object]:
        return {"window_days": self.window_days, "premature_days": self.premature_days,
                "independent": sorted(self.independent)}




@dataclass(frozen=True)
class Statement:
    """What one claim says of one area: a geometry claim makes one per area it covers.

    `start`..`end` is the claim's date span; it speaks for the days `end`..`last` (certain
    only by the span's end; `last` is its `last_confirmed`, else `end`). Days are ordinals.
    """

    claim: Claim
    area: str
    status: str
    start: int
    end: int
    last: int


@dataclass(frozen=True)
class Evidence:
    """An independent statement that decided a verdict, on the day it decided."""

    claim: Claim
    area: str
    relation: str  # same | whole (about an area containing it) | part (about a part of it)
    status: str
    day: date
    agrees: bool

    def to_json(self) -> dict[str, object]:
        c = self.claim
        return {
            "claim": c.id, "claimant": c.claimant, "claimant_name": c.claimant_name or None,
            "area": self.area, "relation": self.relation, "status": self.status,
            "date": str(c.date), "day": self.day.isoformat(), "agrees": self.agrees,
            "source_title": c.source_title, "source_url": c.source_url or None,
            "published": str(c.published) if c.published else None,
        }


@dataclass(frozen=True)
class Judgement:
    """The verdict on one claim's word about one area, and the statements that decided it."""

    claim: Claim
    area: str
    status: str
    verdict: str
    decided_on: date | None = None
    days_to_confirmation: int | None = None
    deciding: tuple[Evidence, ...] = ()

    def to_json(self) -> dict[str, object]:
        c = self.claim
        return {
            "claim": c.id, "claimant": c.claimant, "claimant_name": c.claimant_name or None,
            "area": self.area, "date": str(c.date), "status": self.status,
            "source_title": c.source_title, "source_url": c.source_url or None,
            "published": str(c.published) if c.published else None,
            "verdict": self.verdict,
            "decided_on": self.decided_on.isoformat() if self.decided_on else None,
            "days_to_confirmation": self.days_to_confirmation,
            "deciding": [e.to_json() for e in self.deciding],
        }


@dataclass(frozen=True)
class TrackRecord:
    """Every judged statement, in claim order, with the settings that judged them."""

    settings: TrackSettings
    judgements: tuple[Judgement, ...] = ()
    _by_claim: dict[str, list[Judgement]] = field(default_factory=dict, repr=False,
                                                  compare=False)

    def __post_init__(self) -> None:
        for j in self.judgements:
            self._by_claim.setdefault(j.claim.id, []).append(j)

    def for_claim(self, claim_id: str) -> list[Judgement]:
        return list(self._by_claim.get(claim_id, ()))

    def verdicts_by_claim(self) -> dict[str, str]:
        """Claim id -> verdict, for popups and tables. A geometry claim is judged per area;
        its one verdict is the worst of them (contradicted, premature, confirmed, else
        unverified). Claims that say `unknown` are not judged and are absent."""
        out: dict[str, str] = {}
        for cid, js in self._by_claim.items():
            got = {j.verdict for j in js}
            out[cid] = next(v for v in ("contradicted", "premature", "confirmed", "unverified")
                            if v in got)
        return out


# ---- statements -------------------------------------------------------------------------

def statements(dataset: Dataset) -> list[Statement]:
    """Every claim's word per area: area claims as they are, geometry claims by overlap."""
    out = [_statement(c, c.area, c.status) for c in dataset.claims
           if c.area is not None and c.area in dataset.areas]
    geo = [c for c in dataset.claims if c.area is None and c.geometry is not None]
    out += [_statement(c, area, status) for c, area, status in _overlaps(dataset, geo)]
    return out


def _overlaps(dataset: Dataset, geo: Sequence[Claim]) -> list[tuple[Claim, str, str]]:
    """(claim, area, status) for each geometry claim and each area it speaks of, by the
    engine's overlap rule: the one place this module calls into the engine's compiled rows."""
    ids = sorted(dataset.areas)
    if not geo or not ids:
        return []
    geoms = np.asarray(crs.to_equal_area(
        np.asarray([dataset.areas[a].geometry for a in ids], dtype=object)), dtype=object)
    rows = overlap_rows(geo, {c.id: i for i, c in enumerate(geo)}, geoms,
                        {c.claimant: 0 for c in geo})
    return [(geo[r[CLAIM]], ids[r[AREA]], CODE_STATUS[r[STATUS]]) for r in rows]


def _statement(c: Claim, area: str, status: str) -> Statement:
    end = span_end(c.date).toordinal()
    last = max(end, c.last_confirmed.start.toordinal()) if c.last_confirmed else end
    return Statement(c, area, status, c.date.start.toordinal(), end, last)


# ---- the hierarchy, from parent links ---------------------------------------------------

def _ancestors(areas: dict[str, Area]) -> dict[str, list[str]]:
    """Each area's ancestors, nearest first (cycles, which the validator rejects, stop)."""
    out: dict[str, list[str]] = {}
    for a in areas:
        chain: list[str] = []
        p = areas[a].parent
        while p in areas and p not in chain and p != a:
            chain.append(p)
            p = areas[p].parent
        out[a] = chain
    return out


def _relation(status: str, judged: str, relation: str) -> bool | None:
    """Does an independent `status` agree (True), disagree (False) or say nothing (None)
    about a judged status, given how its area relates to the judged area?"""
    if status not in JUDGED_STATUSES:
        return None
    if relation == SAME:
        return status == judged
    if relation == WHOLE:  # a one-sided whole speaks for every part; fighting in it does not
        return (status == judged) if status in ONE_SIDED else None
    # PART: one part held otherwise refutes a one-sided whole; fighting in a part shows
    # fighting in the whole; a part held says nothing of the rest.
    if judged in ONE_SIDED:
        return False if status != judged else None
    return True if status == "contested" else None


# ---- judging ----------------------------------------------------------------------------

class _Index:
    """Statements by (claimant, area), and the hierarchy, for judging many claims."""

    def __init__(self, dataset: Dataset, stmts: Sequence[Statement]) -> None:
        self.by_kind_area: dict[tuple[str, str], list[Statement]] = defaultdict(list)
        for s in stmts:
            if s.status in JUDGED_STATUSES:
                self.by_kind_area[(s.claim.claimant, s.area)].append(s)
        self.ancestors = _ancestors(dataset.areas)
        self.descendants: dict[str, list[str]] = defaultdict(list)
        for a, chain in self.ancestors.items():
            for p in chain:
                self.descendants[p].append(a)


_Mark = tuple[Statement, str, bool, np.ndarray]


class _Days:
    """Per-day arrays over lo..hi (ordinals) for one judged statement."""

    def __init__(self, lo: int, hi: int) -> None:
        self.lo, self.n = lo, hi - lo + 1

    def of(self, s: Statement) -> np.ndarray:
        """The days `s` speaks for, as a mask."""
        out = np.zeros(self.n, dtype=bool)
        a, b = max(s.end, self.lo), min(s.last, self.lo + self.n - 1)
        if a <= b:
            out[a - self.lo:b - self.lo + 1] = True
        return out


def _kind_says(kind: str, stmt: Statement, index: _Index, days: _Days) -> list[_Mark]:
    """What one kind says of a judged statement, day by day: its most specific word wins.

    On each day, the kind's statements about the area itself count if it made any, else
    those about the nearest containing area it spoke of; but where its statements about
    parts of the area have a say, a statement saying otherwise does not count that day.
    Returns (statement, relation, agrees, the days it counts).
    """
    def level(areas: Iterable[str], relation: str) -> tuple[list[_Mark], np.ndarray]:
        marks: list[_Mark] = []
        speaks = np.zeros(days.n, dtype=bool)
        for area in areas:
            for ev in index.by_kind_area.get((kind, area), ()):
                d = days.of(ev)
                if not d.any():
                    continue
                speaks |= d
                says = _relation(ev.status, stmt.status, relation)
                if says is not None:
                    marks.append((ev, relation, says, d))
        return marks, speaks

    parts, _ = level(index.descendants.get(stmt.area, ()), PART)
    # Parts only ever speak one way about a judged status (see _relation): refute a
    # one-sided whole, or show fighting in it.
    parts_way = stmt.status == "contested"
    parts_say = np.zeros(days.n, dtype=bool)
    for _ev, _rel, _says, d in parts:
        parts_say |= d
    out = list(parts)
    taken = np.zeros(days.n, dtype=bool)
    for areas, relation in ([stmt.area], SAME), *(([p], WHOLE) for p in
                                                   index.ancestors.get(stmt.area, ())):
        marks, speaks = level(areas, relation)
        for ev, rel, says, d in marks:
            keep = d & ~taken
            if says != parts_way:
                keep &= ~parts_say
            if keep.any():
                out.append((ev, rel, says, keep))
        taken |= speaks
    return out


def judge(stmt: Statement, index: _Index, settings: TrackSettings) -> Judgement:
    """One statement's verdict (docs/track-record.md, "The rule")."""
    lo = stmt.start
    win_end = stmt.end + settings.window_days
    days = _Days(lo, stmt.end + max(settings.window_days, settings.premature_days))
    agree = np.zeros(days.n, dtype=bool)
    disagree = np.zeros(days.n, dtype=bool)
    marks: list[_Mark] = []
    for kind in sorted(settings.deciding_kinds(stmt.claim.claimant)):
        for mark in _kind_says(kind, stmt, index, days):
            (agree if mark[2] else disagree)[mark[3]] = True
            marks.append(mark)
    agree_day, disagree_day = agree & ~disagree, disagree & ~agree
    deciding = np.flatnonzero(agree_day | disagree_day)
    agreeing = np.flatnonzero(agree_day)
    t1 = int(deciding[0]) if len(deciding) else None
    ta = int(agreeing[0]) if len(agreeing) else None
    in_window = t1 is not None and lo + t1 <= win_end

    def on(t: int, agrees: bool) -> list[Evidence]:
        got = [Evidence(ev.claim, ev.area, rel, ev.status, date.fromordinal(lo + t), says)
               for ev, rel, says, d in marks if d[t] and says == agrees]
        return sorted(got, key=lambda e: (_RELATION_ORDER[e.relation], e.area, e.claim.id))

    def result(verdict: str, t: int | None, ev: list[Evidence]) -> Judgement:
        when = date.fromordinal(lo + t) if t is not None else None
        to_conf = t if verdict in ("confirmed", "premature") else None
        return Judgement(stmt.claim, stmt.area, stmt.status, verdict, when, to_conf,
                         tuple(ev))

    if t1 is not None and t1 == ta and in_window:
        return result("confirmed", t1, on(t1, True))
    if t1 is not None and ta is not None:
        before = on(t1, False) if t1 < ta else []
        return result("premature", ta, before + on(ta, True))
    if t1 is not None and in_window:
        return result("contradicted", t1, on(t1, False))
    split = [int(t) for t in np.flatnonzero(agree & disagree) if lo + t <= win_end]
    if split:
        return result("unverified", None, on(split[0], True) + on(split[0], False))
    return result("unverified", None, [])


def track_record(dataset: Dataset, settings: TrackSettings | None = None,
                 claimant: str | None = None, since: date | None = None,
                 until: date | None = None) -> TrackRecord:
    """Judge every claim (optionally one claimant's, dated within since..until) against
    independent statements; claims that say `unknown` are not judged."""
    settings = settings or TrackSettings()
    stmts = statements(dataset)
    index = _Index(dataset, stmts)
    chosen = [
        s for s in stmts
        if s.status in JUDGED_STATUSES
        and (claimant is None or s.claim.claimant == claimant)
        and (since is None or s.claim.date.start >= since)
        and (until is None or s.claim.date.start <= until)
    ]
    chosen.sort(key=lambda s: (s.start, s.claim.id, s.area))
    return TrackRecord(settings, tuple(judge(s, index, settings) for s in chosen))
