"""Ukrainian and English: the catalogs are complete and compiled from their .po files, the
code's strings are all in the .pot, dates and numbers follow the locale, and `--lang uk`
gives Ukrainian from the CLI and the exports."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from click.testing import CliRunner

from controlmap import i18n
from controlmap.cli import main
from controlmap.i18n import LOCALE_DIR, compile_po, translator
from controlmap.model.views import view_label
from controlmap.render import wording
from controlmap.render.browser_words import UI
from controlmap.vocabulary import CLAIMANT_LABELS, CLAIMANTS
from controlmap.webapp.url_state import AppState, from_query, to_query
from tests.conftest import GEO

POT = LOCALE_DIR / "messages.pot"
PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")


def _catalog(path: Path, lang: str | None = None):  # type: ignore[no-untyped-def]
    with path.open("rb") as f:
        return read_po(f, locale=lang)


def _forms(value: object) -> list[str]:
    return list(value) if isinstance(value, tuple | list) else [str(value or "")]


def _names(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def test_every_message_has_a_ukrainian_translation_with_the_same_placeholders() -> None:
    pot = _catalog(POT)
    uk = _catalog(LOCALE_DIR / "uk" / "LC_MESSAGES" / "messages.po", "uk")
    assert not uk.fuzzy
    missing, bad, fuzzy = [], [], []
    for m in pot:
        if not m.id:
            continue
        t = uk.get(m.id)
        if t is None or not all(s.strip() for s in _forms(t.string)):
            missing.append(m.id)
            continue
        if t.fuzzy:
            fuzzy.append(m.id)
        want = set().union(*(_names(s) for s in _forms(m.id)))
        for s in _forms(t.string):
            if _names(s) != want:
                bad.append((m.id, s))
    assert not missing, f"untranslated: {missing}"
    assert not fuzzy, f"fuzzy: {fuzzy}"
    assert not bad, f"placeholders differ: {bad}"


def test_the_pot_holds_every_string_the_code_marks() -> None:
    """`make i18n` was run after the last marked string changed."""
    method_map = [("**.py", "python")]
    keywords = {"N_": None, "gettext": None, "ngettext": (1, 2)}
    found = {msg[2] if isinstance(msg[2], str) else tuple(msg[2])
             for msg in extract_from_dir(str(LOCALE_DIR.parent), method_map,
                                         keywords=keywords)}
    in_pot = {m.id for m in _catalog(POT) if m.id}
    assert found == in_pot, (f"run `make i18n`: new {sorted(map(str, found - in_pot))}, "
                             f"gone {sorted(map(str, in_pot - found))}")


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_committed_mo_is_a_fresh_compile_of_the_po(lang: str) -> None:
    base = LOCALE_DIR / lang / "LC_MESSAGES"
    fresh = compile_po((base / "messages.po").read_bytes(), lang)
    assert (base / "messages.mo").read_bytes() == fresh, "run `make i18n`"


@pytest.mark.parametrize(("header", "lang"), [
    ("uk-UA,uk;q=0.9,en;q=0.8", "uk"),
    ("en-US,en;q=0.9", "en"),
    ("de-DE,de;q=0.9,uk;q=0.5", "uk"),
    ("ru-RU, ru;q=0.9", "en"),
    ("en;q=0.2, uk;q=0.9", "uk"),
    ("uk;q=0", "en"),
    ("", "en"),
    ("*", "en"),
    ("garbage;;q=x", "en"),
])
def test_language_from_accept_language(header: str, lang: str) -> None:
    assert i18n.pick_lang(header) == lang


@pytest.mark.parametrize(("value", "lang", "text"), [
    (date(2025, 11, 25), "uk", "25 листопада 2025\u202fр."),  # Babel keeps "р." on the line
    (date(2025, 11, 25), "en", "2025-11-25"),
    ("2022-09", "uk", "вересень 2022"),
    ("2022-09", "en", "Sep 2022"),
    ("2023", "uk", "2023"),
])
def test_dates_as_each_language_writes_them(value: date | str, lang: str, text: str) -> None:
    assert wording.date_as_written(value, lang) == text


def test_numbers_and_plurals_per_locale() -> None:
    assert i18n.format_number(1234.5, "uk") == "1\u00a0234,5"
    assert i18n.format_number(1234.5, "en") == "1,234.5"
    assert i18n.format_number(2.5, "uk", 2, fixed=True) == "2,50"
    assert [wording.days_text(n, "uk") for n in (1, 3, 5, 11, 21, 22, 25)] == [
        "1 день", "3 дні", "5 днів", "11 днів", "21 день", "22 дні", "25 днів"]
    assert wording.days_text(1) == "1 day" and wording.days_text(2) == "2 days"


def test_browser_day_template_comes_from_babel() -> None:
    template = i18n.day_template("uk")
    months = i18n.month_names("uk")["format"]
    assert template.format(d=25, month=months[10], y=2025) == i18n.format_date(
        date(2025, 11, 25), "uk")
    assert i18n.day_template("en") == "{iso}"


def test_english_is_unchanged_and_ukrainian_uses_media_wording() -> None:
    uk = translator("uk")
    assert uk.gettext("Ukrainian-held") == "Під контролем України"
    assert uk.gettext("Russian-held") == "Окуповано"
    assert "сіра зона" in uk.gettext("Contested / grey zone").lower()
    assert [uk.gettext(wording.VERDICT_LABELS[v]) for v in wording.VERDICTS] == [
        "Підтверджено", "Передчасно", "Спростовано", "Не перевірено"]
    assert view_label("claimant:ru-official", "uk") == "Заяви російських посадовців"
    assert view_label("assessed", "uk").startswith("Оцінка")
    for c in CLAIMANTS:  # the whole-phrase labels say what the template said
        assert view_label("claimant:" + c) == f"Claimed by {CLAIMANT_LABELS[c]}"


def test_every_browser_word_is_translated() -> None:
    en, uk = wording.browser_words("en"), wording.browser_words("uk")
    assert set(en["ui"]) == set(uk["ui"]) == set(UI)
    same = [k for k in UI if en["ui"][k] == uk["ui"][k]]
    assert not same, same
    assert uk["days"] == {"1": "{n} день", "2": "{n} дні", "5": "{n} днів"}
    assert uk["verdicts"]["contradicted"]["label"] == "Спростовано"


def test_url_keeps_the_language() -> None:
    span = (date(2022, 1, 1), date(2026, 12, 31))
    st = from_query({"date": "2026-01-20", "lang": "uk"}, ["assessed"], span)
    assert st.lang == "uk" and to_query(st)["lang"] == "uk"
    bad = from_query({"lang": "ru"}, ["assessed"], span)
    assert bad.lang == "" and any("lang" in n for n in bad.notes)
    assert "lang" not in to_query(AppState(date=date(2026, 1, 20)))


def test_payload_in_ukrainian() -> None:
    from controlmap.loading import load_dataset
    from controlmap.model.engine import Engine
    from controlmap.render.payload import build_base

    eng = Engine(load_dataset(GEO))
    en, uk = build_base(eng), build_base(eng, lang="uk")
    assert en["lang"] == "en" and uk["lang"] == "uk"
    city_en = next(f for f in en["areas"]["features"] if f["properties"]["id"] == "kupiansk")
    city_uk = next(f for f in uk["areas"]["features"] if f["properties"]["id"] == "kupiansk")
    assert city_en["properties"]["name"] == "Kupiansk"
    assert city_uk["properties"]["name"] == city_uk["properties"]["name_uk"] == "Куп’янськ"
    assert city_uk["properties"]["name_en"] == "Kupiansk"
    assert uk["legends"]["assessed"][0]["label"] == "Під контролем України"
    assert any(v["label"] == "Заяви російських посадовців" for v in uk["views"])
    assert uk["verdicts"] == en["verdicts"] and len(uk["verdicts"]) == uk["claims"]["n"]


def _run(*args: str) -> str:
    res = CliRunner().invoke(main, [*args, "--data", str(GEO)])
    assert res.exit_code == 0, res.output
    return res.output


def test_state_and_track_record_in_ukrainian() -> None:
    out = _run("state", "--date", "2026-01-20", "--lang", "uk")
    assert out.startswith("20 січня 2026\u202fр.: Оцінка")
    assert "останнє повідомлення" in out and "Куп’янськ" in out
    tr = _run("track-record", "--claimant", "ru-official", "--lang", "uk")
    assert "Історія точності" in tr and "Спростовано" in tr and "Russian officials" not in tr
    assert "Track record" in _run("track-record", "--claimant", "ru-official")


def test_export_in_ukrainian(tmp_path: Path) -> None:
    target = tmp_path / "uk.geojson"
    _run("export", "--date", "2026-01-20", "--format", "geojson", "--lang", "uk",
         "-o", str(target))
    doc = json.loads(target.read_text(encoding="utf-8"))["properties"]
    assert doc["title"] == "Куп’янськ: оцінка контролю станом на 20 січня 2026\u202fр."
    assert doc["view_label"].startswith("Оцінка")
    assert "за " in doc["freshness"] and "Останнє повідомлення" in doc["freshness"]
    html = tmp_path / "uk.html"
    _run("export", "--date", "2026-01-20", "--format", "html", "--lang", "uk", "-o", str(html))
    page = html.read_text(encoding="utf-8")
    assert '<html lang="uk">' in page and "Джерела показаних станів" in page


def test_large_data_gets_no_verdicts_rather_than_a_slow_payload(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from controlmap.loading import load_dataset
    from controlmap.model.engine import Engine
    from controlmap.render import payload

    eng = Engine(load_dataset(GEO))
    assert any(payload._verdicts(eng))
    monkeypatch.setattr(payload, "VERDICTS_MAX_CLAIMS", len(eng.claims) - 1)
    assert payload._verdicts(eng) == []
