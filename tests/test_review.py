"""`controlmap changes-between A B` (alias `review`) on two directories and on two git
revisions of a temporary repository; and the pre-commit hooks that run validate and fmt."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from controlmap.cli import main
from controlmap.edit import claim_ops
from controlmap.io.geojson import read_collection, write_collection
from tests.conftest import REPO

FIELDS = {"area": "kupiansk", "date": "2024-02-29", "status": "contested",
          "claimant": "media", "source_title": "Test Gazette"}
CID = "2024-02-29-media-kupiansk"


def run(*args: str, cwd: Path | None = None, monkeypatch: pytest.MonkeyPatch | None = None
        ) -> object:
    if cwd is not None and monkeypatch is not None:
        monkeypatch.chdir(cwd)
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def two_dirs(geo_copy: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A: shipped data plus two claims; B: one claim edited, one removed, one added, and the
    Kupiansk outline moved."""
    claim_ops.add_claim(geo_copy, FIELDS)
    claim_ops.add_claim(geo_copy, FIELDS | {"claimant": "analyst", "note": "old"})
    a = tmp_path / "a"
    shutil.copytree(geo_copy, a)
    claim_ops.edit_claim(geo_copy, "2024-02-29-analyst-kupiansk", {"note": "new",
                                                                    "status": "ru"})
    claim_ops.remove_claim(geo_copy, CID)
    claim_ops.add_claim(geo_copy, FIELDS | {"date": "2024-03-01", "claimant": "ua-official"})
    areas = read_collection(geo_copy / "areas.geojson")
    for feat in areas["features"]:
        if feat["properties"]["id"] == "kupiansk-vuzlovyi":
            feat["geometry"] = shift(feat["geometry"], 0.001)
    write_collection(geo_copy / "areas.geojson", areas)
    return a, geo_copy


def shift(geom: dict[str, object], dx: float) -> dict[str, object]:
    def move(c: object) -> object:
        if isinstance(c, list) and c and isinstance(c[0], (int, float)):
            return [c[0] + dx, *c[1:]]
        return [move(x) for x in c] if isinstance(c, list) else c
    return {**geom, "coordinates": move(geom["coordinates"])}


def test_two_directories(two_dirs: tuple[Path, Path]) -> None:
    a, b = two_dirs
    res = run("changes-between", str(a), str(b))
    out = res.stdout
    assert "claims: 1 added, 1 removed, 1 edited" in out
    assert "+ 2024-03-01-ua-official-kupiansk (claims.geojson)" in out
    assert f"- {CID} (claims.geojson)" in out
    assert '~ 2024-02-29-analyst-kupiansk (claims.geojson): note: "old" -> "new"; ' \
           'status: "contested" -> "ru"' in out
    assert "areas: 1 edited" in out
    assert "~ kupiansk-vuzlovyi (areas.geojson): outline moved," in out
    assert "km² changed" in out


def test_json_and_alias(two_dirs: tuple[Path, Path]) -> None:
    a, b = two_dirs
    res = run("review", str(a), str(b), "--json")
    data = json.loads(res.stdout)
    assert [r["id"] for r in data["added"]] == ["2024-03-01-ua-official-kupiansk"]
    assert [r["id"] for r in data["removed"]] == [CID]
    edits = {e["id"]: e for e in data["edited"]}
    assert edits["2024-02-29-analyst-kupiansk"]["fields"]["status"] == ["contested", "ru"]
    moved = edits["kupiansk-vuzlovyi"]["moved_km2"]
    assert moved is not None and 0 < moved < 50


def test_no_change_no_problems_exit_0(geo_copy: Path) -> None:
    res = run("changes-between", str(geo_copy), str(geo_copy))
    assert res.exit_code == 0
    assert "no feature added, removed or edited" in res.stdout
    assert "introduces no problems" in res.stdout


def test_introduced_problems_exit_1(geo_copy: Path, tmp_path: Path) -> None:
    claim_ops.add_claim(geo_copy, FIELDS)
    a = tmp_path / "a"
    shutil.copytree(geo_copy, a)
    claims = read_collection(geo_copy / "claims.geojson")
    claims["features"][-1]["properties"]["status"] = "held"  # a hand edit gone wrong
    write_collection(geo_copy / "claims.geojson", claims)
    res = run("changes-between", str(a), str(geo_copy))
    assert res.exit_code == 1
    assert "the change introduces" in res.stdout
    assert f"! claims.geojson:{CID}:" in res.stdout and "held" in res.stdout
    back = run("changes-between", str(geo_copy), str(a))
    assert back.exit_code == 0 and "fixed" in back.stdout


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout


def test_two_git_revisions(geo_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                           ) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copytree(geo_copy, repo / "geo")
    git(repo, "init", "-q")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "add", "geo")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base")
    claim_ops.add_claim(repo / "geo", FIELDS)
    git(repo, "add", "geo")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "claim")
    res = run("changes-between", "HEAD~1", "HEAD", cwd=repo, monkeypatch=monkeypatch)
    assert res.exit_code == 0, res.output
    assert f"+ {CID} (claims.geojson)" in res.stdout
    # working tree against a revision: the pre-commit use
    claim_ops.remove_claim(repo / "geo", CID)
    res = run("review", "HEAD", "geo", cwd=repo, monkeypatch=monkeypatch)
    assert f"- {CID} (claims.geojson)" in res.stdout
    bad = run("review", "no-such-rev", "HEAD", cwd=repo, monkeypatch=monkeypatch)
    assert bad.exit_code == 2 and "no-such-rev: neither a directory nor a git revision" \
        in bad.stderr


@pytest.mark.parametrize(("ignored", "listed"), [(True, False), (False, True)])
def test_git_ignored_files_are_not_compared_with_a_revision(
    geo_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ignored: bool,
    listed: bool,
) -> None:
    """A local import that .gitignore keeps out of commits is not 'added' by the working tree;
    the same file, not ignored, is."""
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copytree(geo_copy, repo / "geo")
    if ignored:
        (repo / ".gitignore").write_text("geo/claims-local.geojson\n", "utf-8")
    git(repo, "init", "-q")
    git(repo, "add", "geo")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base")
    local = read_collection(geo_copy / "claims.geojson")
    local["features"] = [{"type": "Feature", "geometry": None,
                          "properties": {**FIELDS, "id": "local-1"}}]
    write_collection(repo / "geo" / "claims-local.geojson", local)
    res = run("review", "HEAD", "geo", cwd=repo, monkeypatch=monkeypatch)
    assert res.exit_code == 0, res.output
    assert ("+ local-1 (claims-local.geojson)" in res.stdout) is listed
    assert ("not compared: claims-local.geojson (ignored by git" in res.stderr) is ignored


def test_precommit_config_runs_validate_and_fmt_check() -> None:
    text = (REPO / ".pre-commit-config.yaml").read_text("utf-8")
    assert "repo: local" in text
    entries = [line.split("entry:", 1)[1].strip() for line in text.splitlines()
               if line.strip().startswith("entry:")]
    assert any(e.endswith("controlmap validate") for e in entries)
    assert any(e.endswith("controlmap fmt --check") for e in entries)
