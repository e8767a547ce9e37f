"""Ukrainian and English: gettext catalogs (Babel), and dates and numbers as each locale
writes them.

The catalogs live in `controlmap/locale/` (`make i18n` extracts, updates and compiles them;
docs/translations.md). Interface strings are written in English in the code, marked with
`N_` where they sit in tables and dicts, and looked up where they are shown:
`translator(lang).gettext(text)`. Text from data files is never looked up: it is data.

A base module (Babel and the standard library only), so every layer may mark its strings.
The compiled `.mo` files are committed and a test checks they equal a fresh compile; when one
is missing (a checkout that dropped it), the `.po` is compiled in memory instead.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError, negotiate_locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers

LANGS: tuple[str, ...] = ("en", "uk")
DEFAULT_LANG = "en"
LANG_NAMES: dict[str, str] = {"en": "English", "uk": "Українська"}
DOMAIN = "messages"
LOCALE_DIR = Path(__file__).parent / "locale"
# How a full day is written: English keeps the ISO day every table and source line uses;
# Ukrainian the long form Ukrainian media use ("25 листопада 2025 р.").
_DAY_FORMAT = {"en": "yyyy-MM-dd", "uk": "long"}
# A day as a title says it: "25 November 2025", "25 листопада 2025 р.".
_LONG_DAY_FORMAT = {"en": "d MMMM y", "uk": "long"}
# A month without its day: "Sep 2022", "вересень 2022".
_MONTH_FORMAT = {"en": "MMM y", "uk": "LLLL y"}


def N_(message: str) -> str:  # noqa: N802 (the gettext convention)
    """Mark a string for extraction where it is defined; it is translated where shown."""
    return message


def normalize_lang(text: str | None) -> str:
    """`uk`, `uk-UA`, `UK_ua` -> "uk"; anything not offered -> the default (English)."""
    code = (text or "").strip().replace("_", "-").split("-")[0].lower()
    return code if code in LANGS else DEFAULT_LANG


def is_lang(text: str | None) -> bool:
    return (text or "").strip().lower() in LANGS


def pick_lang(accept_language: str | None) -> str:
    """The language a browser asks for first among ours (`Accept-Language`, with q values);
    English when it asks for none of them."""
    prefs: list[tuple[float, int, str]] = []
    for n, part in enumerate((accept_language or "").split(",")):
        fields = part.strip().split(";")
        tag = fields[0].strip()
        if not tag or tag == "*":
            continue
        q = 1.0
        for f in fields[1:]:
            k, _, v = f.strip().partition("=")
            if k.strip() == "q":
                try:
                    q = float(v)
                except ValueError:
                    q = 0.0
        prefs.append((-q, n, tag))
    wanted = [tag.replace("-", "_") for q, _, tag in sorted(prefs) if q < 0]
    return normalize_lang(negotiate_locale(wanted, list(LANGS)))


def _mo_bytes(lang: str) -> bytes | None:
    """The compiled catalog of `lang`: the committed .mo, else the .po compiled now."""
    base = LOCALE_DIR / lang / "LC_MESSAGES"
    mo, po = base / f"{DOMAIN}.mo", base / f"{DOMAIN}.po"
    if mo.is_file():
        return mo.read_bytes()
    if not po.is_file():
        return None
    return compile_po(po.read_bytes(), lang)


def compile_po(po_text: bytes, lang: str) -> bytes:
    """A .po file's bytes compiled to .mo bytes, as `pybabel compile` writes them."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(po_text), locale=lang)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


class Translator:
    """gettext and ngettext of one language, plus its dates and numbers."""

    def __init__(self, lang: str, catalog: gettext.NullTranslations) -> None:
        self.lang = lang
        self._catalog = catalog

    def gettext(self, message: str) -> str:
        return self._catalog.gettext(message) if message else message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._catalog.ngettext(singular, plural, n)

    def all(self, messages: Iterable[str]) -> list[str]:
        return [self.gettext(m) for m in messages]

    def day(self, d: date) -> str:
        return format_date(d, self.lang)

    def long_day(self, d: date) -> str:
        return format_long_date(d, self.lang)

    def number(self, x: float, digits: int = 1, fixed: bool = False) -> str:
        return format_number(x, self.lang, digits, fixed)


@lru_cache(maxsize=len(LANGS))
def translator(lang: str | None = None) -> Translator:
    """The translator of `lang` (normalised; English when not offered or without a catalog)."""
    code = normalize_lang(lang)
    data = _mo_bytes(code) if code != DEFAULT_LANG else None
    catalog = (gettext.GNUTranslations(io.BytesIO(data)) if data
               else gettext.NullTranslations())
    return Translator(code, catalog)


@lru_cache(maxsize=len(LANGS) + 1)
def _locale(lang: str) -> Locale:
    try:
        return Locale.parse(normalize_lang(lang))
    except UnknownLocaleError:  # pragma: no cover - both locales ship with Babel
        return Locale.parse(DEFAULT_LANG)


@lru_cache(maxsize=8192)  # a data set repeats its days: 100,000 claims, a few thousand days
def format_date(d: date, lang: str | None = None) -> str:
    """A day as `lang` writes it: 2025-11-25 (English), 25 листопада 2025 р. (Ukrainian)."""
    code = normalize_lang(lang)
    return babel_dates.format_date(d, _DAY_FORMAT[code], locale=_locale(code))


@lru_cache(maxsize=8192)  # a data set repeats its days: 100,000 claims, a few thousand days
def format_long_date(d: date, lang: str | None = None) -> str:
    """A day as a title says it: 25 November 2025, 25 листопада 2025 р."""
    code = normalize_lang(lang)
    return babel_dates.format_date(d, _LONG_DAY_FORMAT[code], locale=_locale(code))


@lru_cache(maxsize=8192)  # a data set repeats its days: 100,000 claims, a few thousand days
def format_month(d: date, lang: str | None = None) -> str:
    """A month without its day: Sep 2022, вересень 2022."""
    code = normalize_lang(lang)
    return babel_dates.format_date(d, _MONTH_FORMAT[code], locale=_locale(code))


def format_number(x: float, lang: str | None = None, digits: int = 1,
                  fixed: bool = False) -> str:
    """A number with the locale's grouping and decimal sign, at most `digits` decimals
    (exactly, when `fixed`): 1,234.5 (English), 1 234,5 (Ukrainian)."""
    pattern = "#,##0" + ("." + ("0" if fixed else "#") * digits if digits > 0 else "")
    return babel_numbers.format_decimal(x, format=pattern, locale=_locale(lang or ""))


def day_template(lang: str | None = None) -> str:
    """How the browser writes a day, from Babel's pattern: "{iso}" in English,
    "{d} {month} {y} р." in Ukrainian ({month} from `month_names(lang)["format"]`)."""
    code = normalize_lang(lang)
    if _DAY_FORMAT[code] == "yyyy-MM-dd":
        return "{iso}"
    sample = date(1999, 12, 28)
    text = format_date(sample, code)
    month = month_names(code)["format"][11]
    return text.replace("1999", "{y}").replace(month, "{month}").replace("28", "{d}")


def month_names(lang: str | None = None) -> dict[str, list[str]]:
    """Month names for the browser's day text: `format` (in a date: листопада) and
    `stand` (alone: листопад), January first."""
    loc = _locale(lang or "")
    return {kind: [loc.months[ctx]["wide"][m] for m in range(1, 13)]
            for kind, ctx in (("format", "format"), ("stand", "stand-alone"))}


def vega_time_locale(lang: str | None = None) -> dict[str, object]:
    """A Vega time-format locale (d3-time-format's fields) from Babel's data, so chart axes
    read "квіт. 2026" in Ukrainian. Weeks start on Sunday in d3's arrays."""
    loc = _locale(lang or "")
    order = (6, 0, 1, 2, 3, 4, 5)  # Babel counts from Monday
    return {
        "dateTime": "%x, %X", "date": "%d.%m.%Y", "time": "%H:%M:%S",
        "periods": [loc.day_periods["format"]["abbreviated"].get(p, p.upper())
                    for p in ("am", "pm")],
        "days": [loc.days["format"]["wide"][d] for d in order],
        "shortDays": [loc.days["format"]["abbreviated"][d] for d in order],
        "months": [loc.months["stand-alone"]["wide"][m] for m in range(1, 13)],
        "shortMonths": [loc.months["stand-alone"]["abbreviated"][m] for m in range(1, 13)],
    }
