"""Ukrainian names: Latin look-alikes back to Cyrillic, and the national romanisation.

The KSE hromada names mix Latin e/p/o/a into Cyrillic words (`Пeтpoпaвлівськa`), which
breaks joins and searches, so they are normalised first. English names follow the
Ukrainian national transliteration (KMU resolution 55 of 2010), the system Ukraine uses for
passports and road signs: Kupiansk, Sloviansk, Izium.
"""

from __future__ import annotations

import re

# Latin letters that look like Cyrillic ones; replaced only inside otherwise Cyrillic words.
LOOKALIKES: dict[str, str] = {
    "a": "а", "c": "с", "e": "е", "i": "і", "o": "о", "p": "р", "x": "х", "y": "у",
    "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "I": "І", "K": "К", "M": "М",
    "O": "О", "P": "Р", "T": "Т", "X": "Х",
}
_WORD = re.compile(r"[^\W\d_]+")
APOSTROPHES = "'’ʼ`"


def is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def normalise_lookalikes(text: str) -> str:
    """Replace Latin look-alike letters by Cyrillic in words that are otherwise Cyrillic.

    A word with any Latin letter that has no Cyrillic twin (e.g. `Bоhdаnіvkа`) is left
    alone: it is a Latin word, not a mistyped Cyrillic one.
    """

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        latin = [ch for ch in word if ch.isascii()]
        if not latin or not any(is_cyrillic(ch) for ch in word):
            return word
        if any(ch not in LOOKALIKES for ch in latin):
            return word
        return "".join(LOOKALIKES.get(ch, ch) for ch in word)

    return _WORD.sub(fix, text)


# KMU 2010: letters with one romanisation everywhere.
_PLAIN: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "ж": "zh",
    "з": "z", "и": "y", "і": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ь": "",
}
# KMU 2010: letters romanised differently at the start of a word.
_INITIAL: dict[str, tuple[str, str]] = {
    "є": ("ye", "ie"), "ї": ("yi", "i"), "й": ("y", "i"), "ю": ("yu", "iu"), "я": ("ya", "ia"),
}


def romanise(text: str) -> str:
    """Ukrainian Cyrillic -> Latin by KMU 2010 (`Куп’янськ` -> `Kupiansk`).

    Apostrophes and the soft sign are dropped; `зг` becomes `zgh`; є ї й ю я take their
    word-initial forms after a space, a hyphen or at the start.
    """
    out: list[str] = []
    word_start = True
    prev = ""
    for ch in text:
        low = ch.lower()
        if low in APOSTROPHES:
            continue
        if low in _INITIAL:
            latin = _INITIAL[low][0 if word_start else 1]
        elif low == "г" and prev == "з":
            latin = "gh"
        elif low in _PLAIN:
            latin = _PLAIN[low]
        else:
            latin = ch
        if ch != low and latin:
            latin = latin[0].upper() + latin[1:]
        out.append(latin)
        word_start = not ch.isalpha()
        prev = low
    return "".join(out)


def slug(text: str) -> str:
    """A lower-case ASCII id from a Latin name: `Kupiansk-Vuzlovyi` -> `kupiansk-vuzlovyi`."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
