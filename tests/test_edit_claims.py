"""`controlmap claim add|edit|remove`: ids, canonical atomic writes, and refusals that name
file, feature and field while leaving geo/ byte for byte as it was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from controlmap import validate
from controlmap.cli import main
from controlmap.edit import claim_ops
from controlmap.edit.claim_fields import InputError
from controlmap.edit.transaction import ChangeRefused, commit
from controlmap.errors import ConflictError, Problem
from controlmap.io.datadir import read_data_dir
from controlmap.io.geojson import canonical_dumps, read_collection
from tests.snapshots import data_files

BASE = ["--area", "kupiansk", "--date", "2024-02-29", "--status", "contested",
        "--claimant", "media", "--source-title", "Test Gazette"]
NEW_ID = "2024-02-29-media-kupiansk"


def snapshot(d: Path) -> dict[str, bytes]:
    return data_files(d)


def run(*args: str) -> object:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def claim(d: Path, cid: str) -> dict[str, object] | None:
    for f in read_collection(d / "claims.geojson")["features"]:
        if f["properties"]["id"] == cid:
            return f
    return None


@pytest.fixture
def data_dir(geo_copy: Path) -> Path:
    return geo_copy


def test_add_prints_id_and_writes_canonically(data_dir: Path) -> None:
    res = run("claim", "add", *BASE, "--published", "2024-03-01", "--note", "a <b>note</b>",
              "--data", str(data_dir))
    assert res.exit_code == 0, res.output
    assert res.stdout.strip() == NEW_ID
    feat = claim(data_dir, NEW_ID)
    assert feat is not None and feat["geometry"] is None
    assert feat["properties"] == {
        "id": NEW_ID, "area": "kupiansk", "date": "2024-02-29", "status": "contested",
        "claimant": "media", "source_title": "Test Gazette", "published": "2024-03-01",
        "note": "a <b>note</b>",
    }
    text = (data_dir / "claims.geojson").read_text(encoding="utf-8")
    assert text == canonical_dumps(json.loads(text))
    assert not list(data_dir.glob(".*.tmp"))


def test_same_claim_twice_is_refused_and_a_different_one_gets_a_suffix(data_dir: Path) -> None:
    """An exact duplicate says nothing new: the validator refuses it, so the edit path does."""
    assert run("claim", "add", *BASE, "--data", str(data_dir)).stdout.strip() == NEW_ID
    before = snapshot(data_dir)
    res = run("claim", "add", *BASE, "--data", str(data_dir))
    assert res.exit_code == 2, res.output
    assert (f"claims.geojson:{NEW_ID}-2:properties.id: the same claim as '{NEW_ID}'"
            in res.stderr)
    assert snapshot(data_dir) == before
    ids = [run("claim", "add", *BASE, "--note", f"n{i}", "--data", str(data_dir)).stdout.strip()
           for i in range(2)]
    assert ids == [f"{NEW_ID}-2", f"{NEW_ID}-3"]


def test_edit_and_remove(data_dir: Path) -> None:
    run("claim", "add", *BASE, "--note", "first", "--data", str(data_dir))
    res = run("claim", "edit", NEW_ID, "--status", "ru", "--unset", "note",
              "--data", str(data_dir))
    assert res.exit_code == 0, res.output
    props = claim(data_dir, NEW_ID)["properties"]  # type: ignore[index]
    assert props["status"] == "ru" and "note" not in props and props["id"] == NEW_ID
    res = run("claim", "remove", NEW_ID, "--data", str(data_dir))
    assert res.exit_code == 0, res.output
    assert claim(data_dir, NEW_ID) is None


def test_claims_with_a_second_url_can_be_edited(data_dir: Path) -> None:
    """Shipped claims carry source_url_alt; editing another field keeps it, and it can be
    set, changed and unset like any optional field."""
    cid = "2022-09-10-ua-official-kupiansk-right-centre"
    alt = claim(data_dir, cid)["properties"]["source_url_alt"]  # type: ignore[index]
    res = run("claim", "edit", cid, "--confidence", "medium", "--data", str(data_dir))
    assert res.exit_code == 0, res.output
    props = claim(data_dir, cid)["properties"]  # type: ignore[index]
    assert props["confidence"] == "medium" and props["source_url_alt"] == alt
    res = run("claim", "add", *BASE, "--source-url-alt", "https://example.org/b",
              "--data", str(data_dir))
    assert res.exit_code == 0, res.output
    assert claim(data_dir, NEW_ID)["properties"]["source_url_alt"] == (  # type: ignore[index]
        "https://example.org/b")
    res = run("claim", "edit", NEW_ID, "--unset", "source_url_alt", "--data", str(data_dir))
    assert res.exit_code == 0, res.output
    assert "source_url_alt" not in claim(data_dir, NEW_ID)["properties"]  # type: ignore[index]


def _corrupt_claims(d: Path) -> list[str]:
    (d / "claims.geojson").write_text('{"type": "FeatureCollection", "features": [', "utf-8")
    return []


# (name, args after `claim`, setup, exit code, what the message must name)
BAD = [
    ("bad month", ["add", *BASE[:2], "--date", "2026-13-01", *BASE[4:]], None, 2,
     ["claims.geojson", "2026-13-01-media-kupiansk", ":properties.date:", "2026-13-01"]),
    ("status outside vocabulary",
     ["add", *BASE[:4], "--status", "held", *BASE[6:]], None, 2,
     ["claims.geojson", NEW_ID, ":properties.status:", "'held'"]),
    ("unknown area", ["add", "--area", "atlantis", *BASE[2:]], None, 2,
     ["claims.geojson", "2024-02-29-media-atlantis", ":properties.area:", "atlantis"]),
    ("date after today", ["add", *BASE[:2], "--date", "2999-01-01", *BASE[4:]], None, 2,
     [":properties.date:", "after today"]),
    ("published before date", ["add", *BASE, "--published", "2024-02-01"], None, 2,
     [NEW_ID, ":properties.date:", "after published 2024-02-01"]),
    ("bad url", ["add", *BASE, "--source-url", "javascript:alert(1)"], None, 2,
     [NEW_ID, ":properties.source_url:"]),
    ("bad second url", ["add", *BASE, "--source-url-alt", "ftp://x"], None, 2,
     [NEW_ID, ":properties.source_url_alt:", "'ftp://x'"]),
    ("unknown id on edit", ["edit", "no-such-claim", "--status", "ru"], None, 2,
     ["claims.geojson", "no-such-claim", ":id:"]),
    ("unknown id on remove", ["remove", "no-such-claim"], None, 2,
     ["no-such-claim", ":id:"]),
    ("unreadable claims file", ["add", *BASE], _corrupt_claims, 1,
     ["claims.geojson", "invalid JSON", "cannot be edited"]),
]


@pytest.mark.parametrize(("args", "setup", "code", "needles"),
                         [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input_names_the_field_and_changes_nothing(
    data_dir: Path, args: list[str], setup: object, code: int, needles: list[str]
) -> None:
    if setup is not None:
        setup(data_dir)  # type: ignore[operator]
    before = snapshot(data_dir)
    res = run("claim", *args, "--data", str(data_dir))
    assert res.exit_code == code, res.output
    assert "Traceback" not in res.output
    for needle in needles:
        assert needle in res.stderr
    assert snapshot(data_dir) == before


def test_concurrent_change_is_refused(data_dir: Path) -> None:
    """The editor read the file; someone else saved; the editor's save must be refused."""
    seen = dict(read_data_dir(data_dir).hashes)
    claim_ops.add_claim(data_dir, _fields(note="theirs"))  # the other editor
    after_other = snapshot(data_dir)
    with pytest.raises(ConflictError, match="claims.geojson: changed since you read it"):
        claim_ops.add_claim(data_dir, _fields(note="mine"), read_hashes=seen)
    assert snapshot(data_dir) == after_other


def test_write_refuses_when_file_changes_during_the_vet(data_dir: Path) -> None:
    """The hash check at write time catches a save that lands between read and write."""
    claim_ops.add_claim(data_dir, _fields())
    raw = read_data_dir(data_dir)
    coll = json.loads(json.dumps(raw.collections["claims.geojson"]))
    coll["features"] = coll["features"][:-1]
    (data_dir / "claims.geojson").write_text(raw.texts["claims.geojson"] + "\n", "utf-8")
    changed = snapshot(data_dir)
    with pytest.raises(ConflictError, match="changed on disk"):
        commit(raw, "claims.geojson", coll)
    assert snapshot(data_dir) == changed


@pytest.mark.parametrize(("where", "refusal", "code"), [
    ("own", InputError, 2),  # a problem in the editor's own claim: a bad argument
    ("other", ChangeRefused, 1),  # a problem the change causes elsewhere: a data problem
])
def test_change_that_introduces_problems_is_refused(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, where: str, refusal: type, code: int
) -> None:
    """Whatever the validator says, the edit path obeys: here a rule patched into it."""
    real = validate.check

    def flag_notes(raw: object, today: object = None) -> list[Problem]:
        found = list(real(raw, today=today))
        coll = raw.collections.get("claims.geojson", {"features": []})  # type: ignore[attr-defined]
        for f in coll["features"]:
            if f["properties"].get("note") == "trip":
                fid = f["properties"]["id"] if where == "own" else "someone-else"
                found.append(Problem("claims.geojson", fid, "note", "tripped"))
        return found

    monkeypatch.setattr("controlmap.edit.transaction.validate.check", flag_notes)
    before = snapshot(data_dir)
    label = NEW_ID if where == "own" else "someone-else"
    with pytest.raises(refusal) as err:
        claim_ops.add_claim(data_dir, _fields(note="trip"))
    assert f"claims.geojson:{label}:note: tripped" in str(err.value)
    assert err.value.exit_code == code
    assert snapshot(data_dir) == before
    verdict = claim_ops.add_claim(data_dir, _fields(note="trip"), dry_run=True)
    assert [p.field for p in verdict.problems] == ["note"]
    assert snapshot(data_dir) == before


def _fields(**extra: str) -> dict[str, str]:
    return {"area": "kupiansk", "date": "2024-02-29", "status": "contested",
            "claimant": "media", "source_title": "Test Gazette", **extra}


def test_added_claim_validates(data_dir: Path) -> None:
    before = validate.check(read_data_dir(data_dir))
    run("claim", "add", *BASE, "--confidence", "low", "--data", str(data_dir))
    assert validate.check(read_data_dir(data_dir)) == before


def test_the_would_be_data_counts_the_keys_of_its_own_text():
    """`would_be` replaces a file's text: the key count read with the old text must not
    stand for the new one (the validator's duplicate-key count compares the two)."""
    from controlmap.edit.transaction import would_be
    from controlmap.io.datadir import read_data_dir
    from controlmap.io.limits import scan
    from tests.conftest import GEO

    raw = read_data_dir(GEO)
    name = "claims.geojson"
    assert raw.keys_written[name] == scan(raw.texts[name]).keys
    coll = json.loads(raw.texts[name])
    coll["features"] = coll["features"][1:]
    after = would_be(raw, name, coll)
    assert name not in after.keys_written
    assert after.keys_written.keys() == raw.keys_written.keys() - {name}
