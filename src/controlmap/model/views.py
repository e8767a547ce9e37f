"""The views (lenses) a map can be drawn in, and their names.

A view is a string so it fits in a URL and on the command line: `assessed`, `latest`,
`disputed`, or `claimant:<name>` for one claimant's own claims.
"""

from __future__ import annotations

from collections.abc import Iterable

from controlmap.errors import UsageError
from controlmap.i18n import N_, translator
from controlmap.vocabulary import CLAIMANT_LABELS, PARTY_CLAIMANTS

DEFAULT_VIEW = "assessed"
BASE_VIEWS: tuple[str, ...] = ("assessed", "latest", "disputed")
CLAIMANT_PREFIX = "claimant:"

_BASE_LABELS = {
    "assessed": N_("Assessed (fresh independent sources first, then both sides' officials)"),
    "latest": N_("Latest claim of anyone"),
    "disputed": N_("Disputed: where claimants' current positions disagree"),
}


# A claimant's own view by name: whole phrases, so each language can inflect the claimant.
_CLAIMANT_VIEW_LABELS = {
    "ru-official": N_("Claimed by Russian officials"),
    "ua-official": N_("Claimed by Ukrainian officials"),
    "foreign-official": N_("Claimed by Foreign officials"),
    "analyst": N_("Claimed by Analysts"),
    "osint-map": N_("Claimed by OSINT maps"),
    "media": N_("Claimed by Media"),
}


def claimant_view(claimant: str) -> str:
    return CLAIMANT_PREFIX + claimant


def view_claimant(view: str) -> str | None:
    """The claimant of a `claimant:<name>` view, else None."""
    return view[len(CLAIMANT_PREFIX):] if view.startswith(CLAIMANT_PREFIX) else None


def all_views(claimants: Iterable[str]) -> list[str]:
    """Every view for data with these claimants: the base views, then one per claimant."""
    return [*BASE_VIEWS, *(claimant_view(c) for c in sorted(set(claimants)))]


def parse_view(text: str, claimants: Iterable[str]) -> str:
    """Normalise a view name; a bare claimant (`ru-official`) means its claimant view.

    Raises UsageError naming the valid views, so the CLI can exit 2 with one line.
    """
    known = all_views(claimants)
    t = (text or "").strip()
    if t in known:
        return t
    if claimant_view(t) in known:
        return claimant_view(t)
    raise UsageError(f"unknown view {text!r} (use one of: {', '.join(known)})")


def view_label(view: str, lang: str | None = None) -> str:
    """A human label: 'Claimed by Russian officials', 'Assessed (...)', in `lang`."""
    t = translator(lang)
    claimant = view_claimant(view)
    if claimant is None:
        return t.gettext(_BASE_LABELS[view]) if view in _BASE_LABELS else view
    if claimant in _CLAIMANT_VIEW_LABELS:
        return t.gettext(_CLAIMANT_VIEW_LABELS[claimant])
    return t.gettext("Claimed by {claimant}").format(claimant=claimant_label(claimant, lang))


def claimant_label(claimant: str, lang: str | None = None) -> str:
    """A claimant kind in words ("Russian officials"), in `lang`; unknown kinds as written."""
    if claimant not in CLAIMANT_LABELS:
        return claimant
    return translator(lang).gettext(CLAIMANT_LABELS[claimant])


def is_official(claimant: str) -> bool:
    """Claims of the warring sides' officials: the assessed view weighs them after fresh
    independent sources (docs/resolution.md, rule 5)."""
    return claimant in PARTY_CLAIMANTS
