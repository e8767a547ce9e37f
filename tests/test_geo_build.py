"""The geo/ build: reproducible from ../shared, deterministic, and its name helpers."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from controlmap.geobuild.build import DERIVED_FILES, build_all
from controlmap.geobuild.names import normalise_lookalikes, romanise, slug
from controlmap.geobuild.sources import CREDIT, DEEPSTATE_CREDIT
from tests.conftest import GEO, REPO


@pytest.fixture(scope="module")
def fresh_build(tmp_path_factory: pytest.TempPathFactory, shared_raw: Path) -> Path:
    """One build of the derived files from ../shared into a temp dir (skip without it)."""
    out = tmp_path_factory.mktemp("geo-build")
    build_all(shared_raw, out)
    return out


@pytest.mark.parametrize("name", DERIVED_FILES)
def test_committed_geo_equals_a_fresh_build(fresh_build: Path, name: str) -> None:
    built = (fresh_build / name).read_bytes()
    committed = (GEO / name).read_bytes()
    assert built == committed, f"geo/{name} is stale: run `make geo` and commit the result"


def test_a_second_build_changes_no_byte(fresh_build: Path, shared_raw: Path) -> None:
    before = {n: (fresh_build / n).read_bytes() for n in DERIVED_FILES}
    changed = build_all(shared_raw, fresh_build)
    assert changed == dict.fromkeys(DERIVED_FILES, False)
    assert {n: (fresh_build / n).read_bytes() for n in DERIVED_FILES} == before


def test_build_never_writes_the_editorial_files(shared_raw: Path, tmp_path: Path) -> None:
    editorial = {"claims.geojson": "editor's claims\n", "events.geojson": "editor's events\n"}
    for name, text in editorial.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    build_all(shared_raw, tmp_path)
    assert {n: (tmp_path / n).read_text(encoding="utf-8") for n in editorial} == editorial
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*DERIVED_FILES, *editorial])


def _script_main():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("build_geo", REPO / "scripts" / "build_geo.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.main


def test_script_reports_a_missing_shared_raw_in_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(_script_main(), ["--raw", str(tmp_path / "nope"),
                                                 "--out", str(tmp_path / "geo")])
    assert result.exit_code == 2
    assert "raw data directory not found" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "geo").exists()


def test_script_builds_and_says_what_it_wrote(shared_raw: Path, tmp_path: Path) -> None:
    main = _script_main()
    first = CliRunner().invoke(main, ["--raw", str(shared_raw), "--out", str(tmp_path)])
    second = CliRunner().invoke(main, ["--raw", str(shared_raw), "--out", str(tmp_path)])
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    assert first.output.count(": written") == len(DERIVED_FILES)
    assert second.output.count(": unchanged") == len(DERIVED_FILES)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Пeтpoпaвлівськa", "Петропавлівська"),  # Latin e, p, o, a inside a Cyrillic word
        ("Вeликoбуpлуцькa", "Великобурлуцька"),
        ("Двopічaнськa", "Дворічанська"),
        ("Тpoїцькa", "Троїцька"),
        ("Нижньoдувaнськa", "Нижньодуванська"),
        ("Cвaтoвe", "Сватове"),  # a Latin capital C
        ("Хаpкiв", "Харків"),  # Latin i
        ("Kупʼянськ", "Купʼянськ"),  # Latin capital K
        ("Bоhdаnіvkа", "Bоhdаnіvkа"),  # a Latin word with Cyrillic look-alikes: left alone
        ("Kupiansk", "Kupiansk"),  # all Latin: left alone
        ("Oskil Оскіл", "Oskil Оскіл"),  # only the Cyrillic word would change, and it is clean
        ("Петропавлівська", "Петропавлівська"),  # already clean
        ("громада 2", "громада 2"),
        ("", ""),
    ],
)
def test_lookalike_letters_become_cyrillic_only_in_cyrillic_words(raw: str, expected: str) -> None:
    got = normalise_lookalikes(raw)
    assert got == expected
    if any("\u0400" <= ch <= "\u04ff" for ch in expected) and expected != raw:
        assert not any(ch.isascii() and ch.isalpha() for ch in got)


@pytest.mark.parametrize(
    ("uk", "latin"),
    [
        ("Куп’янськ", "Kupiansk"),
        ("Куп’янськ-Вузловий", "Kupiansk-Vuzlovyi"),
        ("Слов’янськ", "Sloviansk"),
        ("Ізюм", "Izium"),
        ("Харків", "Kharkiv"),
        ("Чугуїв", "Chuhuiv"),
        ("Балаклія", "Balakliia"),
        ("Костянтинівка", "Kostiantynivka"),
        ("Олексієво-Дружківка", "Oleksiievo-Druzhkivka"),
        ("Святогірськ", "Sviatohirsk"),
        ("Великий Бурлук", "Velykyi Burluk"),
        ("Згурівка", "Zghurivka"),  # зг -> zgh
        ("Юрківка", "Yurkivka"),  # word-initial ю
        ("Ясногірка", "Yasnohirka"),  # word-initial я
        ("Єнакієве", "Yenakiieve"),  # word-initial є, then inner і є
        ("Їжакевич", "Yizhakevych"),  # word-initial ї
        ("Йосипівка", "Yosypivka"),  # word-initial й
        ("Щастя", "Shchastia"),
        ("Ґорґани", "Gorgany"),
        ("Часів Яр", "Chasiv Yar"),  # word-initial after a space
    ],
)
def test_kmu_2010_romanisation(uk: str, latin: str) -> None:
    assert romanise(uk) == latin


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Kupiansk-Vuzlovyi", "kupiansk-vuzlovyi"), ("Chasiv Yar", "chasiv-yar"),
     ("Oktyabr’skiy", "oktyabr-skiy"), ("  Lyman ", "lyman")],
)
def test_slug(text: str, expected: str) -> None:
    assert slug(text) == expected


REFERENCE_FILES = ("oskil.geojson", "towns.geojson", "areas.geojson", "context.geojson")


@pytest.mark.parametrize("name", REFERENCE_FILES)
def test_reference_files_carry_the_credit_line(name: str) -> None:
    data = json.loads((GEO / name).read_text(encoding="utf-8"))
    assert data["attribution"] == CREDIT


def test_attribution_md_shows_both_credit_lines_and_every_source() -> None:
    text = (GEO / "ATTRIBUTION.md").read_text(encoding="utf-8")
    assert CREDIT in text
    assert DEEPSTATE_CREDIT in text
    sources = json.loads((GEO / "areas.geojson").read_text(encoding="utf-8"))["sources"]
    for key, src in sources.items():
        assert f"`{key}`" in text, key
        assert src["credit"] in CREDIT
        assert src["licence"] and src["url"].startswith("https://")


def test_attribution_md_cites_the_official_area_and_every_outline_reference() -> None:
    from controlmap.geobuild.areas import OFFICIAL_CITY_KM2, OFFICIAL_CITY_REF

    text = (GEO / "ATTRIBUTION.md").read_text(encoding="utf-8")
    assert f"**{OFFICIAL_CITY_KM2:g} km²**" in text and OFFICIAL_CITY_REF in text
    areas = json.loads((GEO / "areas.geojson").read_text(encoding="utf-8"))["features"]
    refs = {u for f in areas for u in f["properties"]["provenance"].get("references", [])}
    assert OFFICIAL_CITY_REF in refs
    missing = sorted(u for u in refs if u not in text)
    assert not missing, f"cite these in geo/ATTRIBUTION.md: {missing}"
