"""Track record tallies: per claimant (and per named source within it) the verdict counts,
their shares, and the median days to confirmation; the one JSON document the CLI prints and
the app reads."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from controlmap.model.track_record import VERDICTS, Judgement, TrackRecord


@dataclass(frozen=True)
class Tally:
    """Verdict counts of a group of judgements, and the days they took to be confirmed."""

    counts: dict[str, int]
    days_to_confirmation: tuple[int, ...]

    @classmethod
    def of(cls, judgements: Iterable[Judgement]) -> Tally:
        counts = dict.fromkeys(VERDICTS, 0)
        days: list[int] = []
        for j in judgements:
            counts[j.verdict] += 1
            if j.days_to_confirmation is not None:
                days.append(j.days_to_confirmation)
        return cls(counts, tuple(sorted(days)))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def shares(self) -> dict[str, float]:
        """Each verdict's share of the judged statements (0 when there are none)."""
        n = self.total
        return {v: round(c / n, 3) if n else 0.0 for v, c in self.counts.items()}

    @property
    def median_days(self) -> float | None:
        """Median days from a claim to the first independent agreement (confirmed and
        premature claims), None when nothing was confirmed."""
        return statistics.median(self.days_to_confirmation) if self.days_to_confirmation \
            else None

    def to_json(self) -> dict[str, object]:
        return {"total": self.total, "counts": self.counts, "shares": self.shares,
                "median_days_to_confirmation": self.median_days}


def by_claimant(record: TrackRecord) -> dict[str, Tally]:
    groups: dict[str, list[Judgement]] = {}
    for j in record.judgements:
        groups.setdefault(j.claim.claimant, []).append(j)
    return {c: Tally.of(js) for c, js in sorted(groups.items())}


def by_name(record: TrackRecord, claimant: str) -> dict[str, Tally]:
    """Tallies per `claimant_name` within one claimant (claims without a name left out)."""
    groups: dict[str, list[Judgement]] = {}
    for j in record.judgements:
        if j.claim.claimant == claimant and j.claim.claimant_name:
            groups.setdefault(j.claim.claimant_name, []).append(j)
    return {n: Tally.of(js) for n, js in sorted(groups.items())}


def by_month(record: TrackRecord) -> list[tuple[str, str, str, int]]:
    """(YYYY-MM of the claim's first day, claimant, verdict, count), for charts over time."""
    counts: dict[tuple[str, str, str], int] = {}
    for j in record.judgements:
        key = (j.claim.date.start.strftime("%Y-%m"), j.claim.claimant, j.verdict)
        counts[key] = counts.get(key, 0) + 1
    return [(m, c, v, n) for (m, c, v), n in sorted(counts.items())]


def record_json(record: TrackRecord, claimant: str | None = None, since: date | None = None,
                until: date | None = None) -> dict[str, object]:
    """The whole track record as one JSON document (`controlmap track-record --json`)."""
    return {
        "settings": record.settings.to_json(),
        "claimant": claimant,
        "from": since.isoformat() if since else None,
        "to": until.isoformat() if until else None,
        "claimants": [
            {"claimant": c, **t.to_json(),
             "by_name": [{"claimant_name": n, **nt.to_json()}
                         for n, nt in by_name(record, c).items()]}
            for c, t in by_claimant(record).items()
        ],
        "claims": [j.to_json() for j in record.judgements],
    }


def claim_verdicts_json(record: TrackRecord) -> dict[str, dict[str, object]]:
    """Per claim id, what a popup needs: the verdict (a geometry claim's worst, see
    `TrackRecord.verdicts_by_claim`), the day it was decided, the days to confirmation and
    the ids and sources of the deciding claims. Claims saying `unknown` are absent."""
    out: dict[str, dict[str, object]] = {}
    for cid, verdict in record.verdicts_by_claim().items():
        js = [j for j in record.for_claim(cid) if j.verdict == verdict]
        j = js[0]
        deciding = {e.claim.id: e for x in js for e in x.deciding}
        out[cid] = {
            "verdict": verdict,
            "decided_on": j.decided_on.isoformat() if j.decided_on else None,
            "days_to_confirmation": j.days_to_confirmation,
            "deciding": [{"claim": e.claim.id, "claimant": e.claim.claimant,
                          "agrees": e.agrees, "source_title": e.claim.source_title,
                          "source_url": e.claim.source_url or None}
                         for e in deciding.values()],
        }
    return out
