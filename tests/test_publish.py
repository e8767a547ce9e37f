"""`controlmap publish OUT/`: what it writes (deterministic, content-hashed, strict CSP, no
inlined payload, escaped page text) and what it refuses (one line, no traceback)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from controlmap.cli import main
from controlmap.i18n import LANGS
from controlmap.render.browser import script_paths
from controlmap.render.publish import CSP, MARKER
from tests.conftest import GEO


def run(*args: str) -> tuple[int, str, str]:
    res = CliRunner().invoke(main, list(args))
    return res.exit_code, res.stdout, res.stderr


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pub") / "site"
    code, _, err = run("publish", str(out), "--data", str(GEO))
    assert code == 0, err
    return out


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_site_layout(site: Path) -> None:
    page = (site / "index.html").read_text(encoding="utf-8")
    assert f'content="{CSP}"' in page and "unsafe-inline" not in CSP
    assert "http://" not in page.replace("http-equiv", "") and "https://" not in page
    srcs = re.findall(r'<script src="([^"]+)"', page)
    assert [s.split("/", 1)[1] for s in srcs] == [*script_paths(), "site/site.js"]
    assert all((site / s).is_file() for s in srcs)
    manifest = json.loads(re.search(r'id="cm-site">(.*?)</script>', page, re.S)[1])  # type: ignore[index]
    assert sorted(manifest["base"]) == sorted(LANGS) == sorted(manifest["text"])
    assert all((site / b).is_file() for b in manifest["base"].values())
    # one file per view, for every claim and for each as-known-at day
    views = sorted(manifest["timelines"])
    assert "assessed" in views and all((site / f).is_file()
                                       for f in manifest["timelines"].values())
    # the as-known-at days' files are listed in a file of their own, fetched when picked
    known = json.loads((site / manifest["known_index"]).read_text(encoding="utf-8"))
    assert manifest["known"] == sorted(known)
    assert manifest["known"] and all(sorted(known[d]) == views for d in manifest["known"])
    assert all((site / f).is_file() for d in manifest["known"] for f in known[d].values())
    one = json.loads((site / manifest["timelines"]["disputed"]).read_text(encoding="utf-8"))
    assert list(one["views"]) == ["disputed"]
    assert "Data as of" in page and "stale" in page and "Approximate outlines" in page
    assert '<html lang="en">' in page and "Українська" in page  # the switch
    assert len(page) < 20_000  # the payload is fetched, not inlined
    marker = json.loads((site / MARKER).read_text())
    assert sorted(marker["files"]) == sorted(f for f in _files(site) if f != MARKER)


def test_every_language_has_its_payload_and_every_page_word(site: Path) -> None:
    """Each base payload speaks its language; the page words of every language are filled
    (the Ukrainian ones translated, none left English)."""
    page = (site / "index.html").read_text(encoding="utf-8")
    manifest = json.loads(re.search(r'id="cm-site">(.*?)</script>', page, re.S)[1])  # type: ignore[index]
    for lang in LANGS:
        base = json.loads((site / manifest["base"][lang]).read_text(encoding="utf-8"))
        assert base["lang"] == lang
        assert manifest["text"][lang]["title"] == base["title"]
    en, uk = manifest["text"]["en"], manifest["text"]["uk"]
    assert set(en) == set(uk) and all(uk[k] != en[k] for k in en if k != "notice" and en[k])
    assert all(f'data-cm-text="{k}"' in page for k in ("title", "asof", "view", "known_all"))


def test_same_data_same_bytes(site: Path, tmp_path: Path) -> None:
    code, _, err = run("publish", str(tmp_path / "again"), "--data", str(GEO))
    assert code == 0, err
    assert _files(tmp_path / "again") == _files(site)


def test_republish_replaces_a_previous_publish_and_only_its_files(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert run("publish", str(out), "--data", str(GEO))[0] == 0
    (out / "CNAME").write_text("maps.example.org")  # the host's file, not ours
    before = set(_files(out))
    code, stdout, err = run("publish", str(out), "--data", str(GEO), "--no-known-at")
    assert code == 0, err
    after = set(_files(out))
    assert "CNAME" in after and after < before
    assert "removed" in stdout


@pytest.mark.parametrize("case", ["non-empty", "file", "no-parent", "in-data"])
def test_refuses_a_bad_out_in_one_line(case: str, tmp_path: Path, geo_copy: Path) -> None:
    out = tmp_path / "out"
    if case == "non-empty":
        out.mkdir()
        (out / "notes.txt").write_text("mine")
    elif case == "file":
        out.write_text("a file")
    elif case == "no-parent":
        out = tmp_path / "missing" / "out"
    else:
        out = geo_copy / "site"
    code, stdout, err = run("publish", str(out), "--data", str(geo_copy))
    assert code != 0
    assert err.count("\n") == 1 and "Traceback" not in err and str(out) in err
    if case == "non-empty":
        assert "--force" in err and (out / "notes.txt").read_text() == "mine"
        assert not (out / "index.html").exists()


def test_force_writes_beside_foreign_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    code, _, err = run("publish", str(out), "--data", str(GEO), "--force", "--no-known-at")
    assert code == 0, err
    assert (out / "index.html").is_file() and (out / "notes.txt").read_text() == "mine"


def test_page_text_from_data_is_escaped(geo_copy: Path, tmp_path: Path) -> None:
    path = geo_copy / "areas.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["attribution"] = "<img src=x onerror=alert(1)>"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    code, _, err = run("publish", str(tmp_path / "s"), "--data", str(geo_copy), "--no-known-at")
    assert code == 0, err
    page = (tmp_path / "s" / "index.html").read_text(encoding="utf-8")
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
