"""A slow, obviously-correct resolver written straight from docs/resolution.md, to check the
engine. It loops over claims for each area and day; the engine must agree with it on any
input (tests/model/test_engine_properties.py). Area claims only (no geometry claims).
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from controlmap.model.dataset import Dataset
from controlmap.model.records import Claim
from controlmap.model.views import is_official, view_claimant

RANK = {"unknown": 0, "ua": 1, "ru": 1, "contested": 2}


@dataclass(frozen=True)
class Answer:
    status: str
    claim: Claim | None
    rule: str
    last_reported: date | None = None
    stale: bool = False

    @property
    def claim_id(self) -> str | None:
        return self.claim.id if self.claim else None


class Reference:
    """Every view of one dataset on one day D, as known at K, with staleness horizon H."""

    def __init__(self, ds: Dataset, day: date, known: date | None, horizon: int) -> None:
        self.ds, self.day, self.known, self.horizon = ds, day, known, horizon

    # rule 1: partial dates are spans ------------------------------------------------------

    def is_known(self, c: Claim) -> bool:
        return self.known is None or c.published_or_date.start <= self.known

    def effective(self, c: Claim) -> date:
        """The last day of its span, or the first day in it with a day-precise claim (any
        claimant, known at K) about the same area with the same status."""
        d = c.date
        if not d.is_partial:
            return d.start
        if d.precision == "year":
            end = date(d.start.year, 12, 31)
        else:
            end = date(d.start.year, d.start.month,
                       calendar.monthrange(d.start.year, d.start.month)[1])
        hits = [p.date.start for p in self.ds.claims
                if not p.date.is_partial and p.area == c.area and p.status == c.status
                and d.start <= p.date.start <= end and self.is_known(p)]
        return min([*hits, end])

    def in_effect(self, c: Claim) -> bool:
        return self.is_known(c) and self.effective(c) <= self.day

    # rule 2: freshness ----------------------------------------------------------------------

    def reported(self, c: Claim) -> date:
        """Its effective day, its last confirmation (capped at D and K), and the days of
        later claims in effect by the same claimant about the same area and status."""
        days = [self.effective(c)]
        if c.last_confirmed is not None:
            days.append(min(c.last_confirmed.start, self.day, self.known or date.max))
        days += [self.effective(r) for r in self.ds.claims
                 if r.claimant == c.claimant and r.area == c.area and r.status == c.status
                 and self.in_effect(r) and self.effective(r) > self.effective(c)]
        return max(days)

    def stale(self, c: Claim) -> bool:
        return (self.day - self.reported(c)).days > self.horizon

    def newness(self, c: Claim) -> tuple[date, date, str]:
        return self.reported(c), self.effective(c), c.id

    def answer(self, status: str, c: Claim | None, rule: str) -> Answer:
        if c is None:
            return Answer(status, None, rule)
        return Answer(status, c, rule, self.reported(c), self.stale(c))

    # rules 3 and 4: one group of claims, its ties and the hierarchy ------------------------

    def own(self, area: str, claims: list[Claim], rule: str, by_claimant: bool
            ) -> tuple[Answer, bool] | None:
        """The area's own newest claims: (answer, whether a contested claim decided it)."""
        live = [c for c in claims if c.area == area and self.in_effect(c)]
        if not live:
            return None
        top = max(self.effective(c) for c in live)
        tied = [c for c in live if self.effective(c) == top]
        winner = max(tied, key=lambda c: (RANK[c.status], c.id))
        said = {c.status for c in tied}
        status = winner.status
        if len(said) > 1:
            status = "contested"
            if by_claimant:
                per = {}
                for who in {c.claimant for c in tied}:
                    mine = {c.status for c in tied if c.claimant == who}
                    per[who] = mine.pop() if len(mine) == 1 else "contested"
                if len(set(per.values())) > 1:
                    status, rule = "disputed", "split"
                else:
                    status = next(iter(per.values()))
        soft = status == "contested" and winner.status == "contested"
        return self.answer(status, winner, rule), soft

    def lens(self, area: str, claims: list[Claim], rule: str, by_claimant: bool = False
             ) -> tuple[Answer, bool] | None:
        """A claim about an area reaches a descendant unless the descendant's own claim is
        newer or of the same day; a contested one also spares a child's fresh own claim."""
        mine = self.own(area, claims, rule, by_claimant)
        parent = self.ds.areas[area].parent
        up = self.lens(parent, claims, rule, by_claimant) if parent else None
        if up is None:
            return mine
        if mine is None:
            return up
        assert up[0].claim is not None and mine[0].claim is not None
        newer = self.effective(up[0].claim) > self.effective(mine[0].claim)
        if newer and (not up[1] or mine[0].stale):
            return up
        return mine

    def group(self, area: str, pick: str, fresh_only: bool = False) -> Answer | None:
        """One claimant's claims, or the independents' (`independent`), optionally only
        those that are fresh on D."""
        claims = [c for c in self.ds.claims if
                  (pick == "independent" and not is_official(c.claimant)) or c.claimant == pick]
        if fresh_only:
            claims = [c for c in claims if self.in_effect(c) and not self.stale(c)]
        got = self.lens(area, claims, "independent" if pick == "independent" else "claimant")
        return got[0] if got else None

    # rules 5 and 6: assessed and disputed -------------------------------------------------

    def combine(self, xs: list[Answer], one: str, agree: str, differ: str) -> Answer:
        best = max(xs, key=lambda a: self.newness(a.claim))  # type: ignore[arg-type]
        if len(xs) == 1:
            return self.answer(best.status, best.claim, one)
        if len({a.status for a in xs}) == 1:
            return self.answer(best.status, best.claim, agree)
        return self.answer("contested", best.claim, differ)

    def fresh_assessed(self, area: str) -> Answer | None:
        """Rule 5, 1-2; None where nothing is fresh."""
        ind = self.group(area, "independent")
        ru, ua = self.group(area, "ru-official"), self.group(area, "ua-official")
        if ind is not None and not ind.stale:
            return ind
        if ind is not None:  # their newest is stale: their newest fresh claim, if any
            fresh_ind = self.group(area, "independent", fresh_only=True)
            if fresh_ind is not None:
                return fresh_ind
        fresh = [a for a in (ru, ua) if a is not None and not a.stale]
        if fresh:
            return self.combine(fresh, "one-side", "officials-agree", "officials-disagree")
        return None

    def fresh_disputed(self, area: str) -> Answer | None:
        """Rule 6 among fresh positions; None where no position is fresh."""
        claimants = sorted({c.claimant for c in self.ds.claims})
        pos = [a for a in (self.group(area, c) for c in claimants) if a is not None]
        fresh = [a for a in pos if not a.stale]
        if not fresh:
            return None
        best = max(fresh, key=lambda a: self.newness(a.claim))  # type: ignore[arg-type]
        if len({a.status for a in fresh}) > 1:
            return self.answer("disputed", best.claim, "differ")
        return self.answer(best.status, best.claim, "agree")

    def last_known(self, area: str, fresh: Callable[[Reference, str], Answer | None]
                   ) -> Answer:
        """Nothing fresh on D: the answer `fresh` gave on the last day before D on which
        something was fresh for the area, now stale (rules 5.3 and 6)."""
        chain = [area]
        while self.ds.areas[chain[-1]].parent:
            chain.append(str(self.ds.areas[chain[-1]].parent))
        reaching = [c for c in self.ds.claims if c.area in chain and self.in_effect(c)]
        if not reaching:
            return Answer("unknown", None, "none")
        # Past the latest report of any claim reaching the area plus H nothing is fresh,
        # and each claim was fresh on the day it took effect: look back from there.
        day = min(self.day - timedelta(days=1),
                  max(self.reported(c) for c in reaching) + timedelta(days=self.horizon))
        first = min(self.effective(c) for c in reaching)
        while day >= first:
            got = fresh(Reference(self.ds, day, self.known, self.horizon), area)
            if got is not None:
                return self.answer(got.status, got.claim, "last-known")
            day -= timedelta(days=1)
        raise AssertionError(f"{area}: no day with something fresh")

    def assessed(self, area: str) -> Answer:
        got = self.fresh_assessed(area)
        return got if got is not None else self.last_known(area, Reference.fresh_assessed)

    def disputed(self, area: str) -> Answer:
        got = self.fresh_disputed(area)
        return got if got is not None else self.last_known(area, Reference.fresh_disputed)

    def resolve(self, area: str, view: str) -> Answer:
        claimant = view_claimant(view)
        if claimant is not None:
            got = self.group(area, claimant)
        elif view == "latest":
            one = self.lens(area, list(self.ds.claims), "newest", by_claimant=True)
            got = one[0] if one else None
        elif view == "assessed":
            return self.assessed(area)
        elif view == "disputed":
            return self.disputed(area)
        else:
            raise ValueError(view)
        return got if got is not None else Answer("unknown", None, "none")


def resolve(ds: Dataset, area: str, view: str, day: date, known: date | None = None,
            horizon: int = 60) -> Answer:
    """One area in one view on one day."""
    return Reference(ds, day, known, horizon).resolve(area, view)
