"""Kill a writer mid-save many times: the claims file is always the old or the new version,
never a mix, and the directory always reads and validates as before (leftover temp files,
`.claims.geojson.*.tmp`, are ignored by the reader)."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from controlmap import validate
from controlmap.io.datadir import read_data_dir
from controlmap.io.geojson import canonical_dumps, parse_collection, write_collection
from tests.conftest import FIXTURES, REPO

KILLS = 40
# Saves the canonical text of each version in turn, as claim_ops does, with the expected
# hash of the version before; the loop spends its time writing, so kills land mid-save.
WRITER = """
import sys
from pathlib import Path
from controlmap.io.atomic import atomic_write_bytes, content_hash
target = Path(sys.argv[1])
versions = [Path(p).read_bytes() for p in sys.argv[2:4]]
i = 0 if target.read_bytes() == versions[1] else 1
print("ready", flush=True)
while True:
    atomic_write_bytes(target, versions[i % 2], expected_hash=content_hash(versions[(i + 1) % 2]))
    i += 1
"""


def big_claims(status: str, note: str) -> dict[str, object]:
    """About 200 geometry claims (1 MB): a save takes long enough to be cut."""
    src = FIXTURES / "deepstate-excerpt" / "deepstatemap_occupied_kupiansk_excerpt_2025.geojson"
    polygons = [f["geometry"] for f in json.loads(src.read_text("utf-8"))["features"]]
    feats = []
    for i in range(200):
        day = f"2023-{1 + i // 28:02d}-{1 + i % 28:02d}"
        feats.append({"type": "Feature", "geometry": polygons[i % len(polygons)], "properties": {
            "id": f"kill-test-{day}", "date": day, "status": status, "claimant": "osint-map",
            "source_title": "kill test", "note": note, "status_outside": "ua"}})
    return {"type": "FeatureCollection", "features": feats}


def test_kill_writer_mid_save(geo_copy: Path, tmp_path: Path) -> None:
    target = geo_copy / "claims-killtest.geojson"
    versions = [big_claims("ru", "old version"), big_claims("contested", "new version " * 3)]
    texts = {canonical_dumps(v) for v in versions}
    assert len(texts) == 2
    version_files = []
    for i, v in enumerate(versions):
        version_files.append(tmp_path / f"v{i}.geojson")
        version_files[-1].write_text(canonical_dumps(v), "utf-8")
    write_collection(target, versions[0])
    baseline = validate.check(read_data_dir(geo_copy))
    write_collection(target, versions[1])
    assert validate.check(read_data_dir(geo_copy)) == baseline
    script = tmp_path / "writer.py"
    script.write_text(WRITER, "utf-8")

    rng = random.Random(6)
    seen: set[str] = set()
    leftovers = 0
    for _ in range(KILLS):
        proc = subprocess.Popen(
            [sys.executable, str(script), str(target), *map(str, version_files)],
            stdout=subprocess.PIPE, text=True, cwd=REPO)
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.1))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        text = target.read_text("utf-8")
        assert text in texts, "the file is neither the old nor the new version"
        seen.add(text)
        parse_collection(text, target.name)
        leftovers = len(list(geo_copy.glob(".*.tmp")))
        raw = read_data_dir(geo_copy)
        assert not [p for p in raw.problems if ".tmp" in p.file]
        assert validate.check(raw) == baseline
    assert seen == texts, "the kills never caught one of the versions on disk"
    assert leftovers > 0, "no kill landed inside a save; the test proved nothing"
