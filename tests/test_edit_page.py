"""The Edit page (Streamlit AppTest): no form without the token, a wrong token refused, a save
through the CLI's code path with the right one, and a stale save refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from controlmap.edit import claim_ops
from controlmap.io.geojson import read_collection
from controlmap.webapp.edit_form import (
    TOKEN_ENV,
    changes_for_edit,
    retry_delay,
    token_matches,
)

TOKEN = "s3cret-token"


def page_script() -> None:
    from controlmap.webapp.edit_page import render_edit_page

    render_edit_page()


@pytest.fixture
def app(geo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("CONTROLMAP_DATA", str(geo_copy))
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    return AppTest.from_function(page_script, default_timeout=30)


def texts(at: AppTest, kind: str) -> str:
    return "\n".join(str(e.value) for e in getattr(at, kind))


def unlock(at: AppTest) -> AppTest:
    at.run()
    at.text_input(key="edit_token").input(TOKEN).run()
    return at


def fill(at: AppTest, **values: str) -> None:
    for key, value in values.items():
        widget = f"edit_{key}"
        if key in ("area", "status", "claimant", "confidence"):
            at.selectbox(key=widget).set_value(value)
        elif key == "note":
            at.text_area(key=widget).input(value)
        else:
            at.text_input(key=widget).input(value)


def test_disabled_without_token(geo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONTROLMAP_DATA", str(geo_copy))
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    at = AppTest.from_function(page_script, default_timeout=30).run()
    assert not at.exception
    assert "Editing is disabled" in texts(at, "info")
    assert len(at.text_input) == 0 and len(at.button) == 0 and len(at.selectbox) == 0


def test_wrong_token_refused(app: AppTest) -> None:
    app.run()
    assert [w.key for w in app.text_input] == ["edit_token"]
    app.text_input(key="edit_token").input("guess").run()
    assert "Wrong token" in texts(app, "error")
    assert len(app.button) == 0 and len(app.selectbox) == 0


class Clock:
    """A stand-in for time.monotonic that a test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_wrong_tokens_shut_the_form_for_longer_each_time(
    app: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock()
    monkeypatch.setattr("controlmap.webapp.edit_page.time.monotonic", clock)
    app.run()
    waits = []
    for i in range(4):
        app.text_input(key="edit_token").input(f"guess-{i}").run()
        assert "Wrong token" in texts(app, "error")
        # Straight away, even the right token is not compared: the form is shut.
        app.text_input(key="edit_token").input(TOKEN).run()
        assert "Too many wrong tokens: wait" in texts(app, "error")
        assert len(app.selectbox) == 0
        waits.append(app.session_state["edit_retry_at"] - clock.now)
        clock.now += waits[-1] + 0.01
    assert waits == [retry_delay(n) for n in (1, 2, 3, 4)] == [1.0, 2.0, 4.0, 8.0]
    # The same wrong value on a rerun is not a new try; after the wait the right one opens.
    app.text_input(key="edit_token").input(TOKEN).run()
    assert not app.error and len(app.selectbox) > 0
    assert "edit_token_failures" not in app.session_state


@pytest.mark.parametrize(("failures", "delay"), [(0, 0), (1, 1), (2, 2), (9, 256), (10, 300),
                                                 (1000, 300)])
def test_retry_delay(failures: int, delay: float) -> None:
    assert retry_delay(failures) == delay


def test_check_then_save(app: AppTest, geo_copy: Path) -> None:
    unlock(app)
    assert not app.exception
    fill(app, area="kupiansk", date="2024-02-29", status="contested", claimant="media",
         source_title="Page Gazette", note="<script>alert(1)</script>")
    app.button(key="edit_check").click().run()
    assert "Check: no problems" in texts(app, "success")
    assert not (geo_copy / "claims.geojson").exists() or "2024-02-29-media-kupiansk" not in (
        geo_copy / "claims.geojson").read_text("utf-8")
    app.button(key="edit_save").click().run()
    assert "Saved." in texts(app, "success"), texts(app, "error")
    feats = {f["properties"]["id"]: f for f in read_collection(geo_copy / "claims.geojson")[
        "features"]}
    assert feats["2024-02-29-media-kupiansk"]["properties"]["note"] == \
        "<script>alert(1)</script>"


def test_check_shows_problems(app: AppTest) -> None:
    unlock(app)
    fill(app, area="kupiansk", date="2026-13-01", source_title="x")
    app.button(key="edit_check").click().run()
    assert "saving would be refused" in texts(app, "error")
    assert ":properties.date:" in texts(app, "code")


def test_stale_save_refused(app: AppTest, geo_copy: Path) -> None:
    unlock(app)
    fill(app, area="kupiansk", date="2024-02-29", status="ru", claimant="media",
         source_title="Mine")
    # Another editor saves after this page read the data.
    claim_ops.add_claim(geo_copy, {"area": "podoly", "date": "2024-03-01", "status": "ua",
                                   "claimant": "analyst", "source_title": "Theirs"})
    before = (geo_copy / "claims.geojson").read_bytes()
    app.button(key="edit_save").click().run()
    assert "someone else changed the file" in texts(app, "error")
    assert "changed since you read it" in texts(app, "code")
    assert (geo_copy / "claims.geojson").read_bytes() == before
    # After a reload the same save goes through, and the other edit is kept.
    app.button(key="edit_reload").click().run()
    app.button(key="edit_save").click().run()
    ids = {f["properties"]["id"] for f in read_collection(geo_copy / "claims.geojson")[
        "features"]}
    assert {"2024-02-29-media-kupiansk", "2024-03-01-analyst-podoly"} <= ids


def test_edit_existing_claim(app: AppTest, geo_copy: Path) -> None:
    claim_ops.add_claim(geo_copy, {"area": "podoly", "date": "2024-03-01", "status": "ua",
                                   "claimant": "analyst", "source_title": "Theirs"})
    unlock(app)
    app.radio(key="edit_mode").set_value("Edit a claim").run()
    app.selectbox(key="edit_pick").set_value("2024-03-01-analyst-podoly").run()
    assert app.text_input(key="edit_source_title").value == "Theirs"
    app.selectbox(key="edit_status").set_value("contested")
    app.button(key="edit_save").click().run()
    assert "Saved." in texts(app, "success"), texts(app, "error")
    feats = {f["properties"]["id"]: f for f in read_collection(geo_copy / "claims.geojson")[
        "features"]}
    assert feats["2024-03-01-analyst-podoly"]["properties"]["status"] == "contested"


def test_save_with_second_source_url(app: AppTest, geo_copy: Path) -> None:
    unlock(app)
    fill(app, area="kupiansk", date="2024-02-29", status="ru", claimant="media",
         source_title="Two pages", source_url="https://example.org/a",
         source_url_alt="https://example.org/b")
    app.button(key="edit_save").click().run()
    assert "Saved." in texts(app, "success"), texts(app, "error")
    feats = {f["properties"]["id"]: f for f in read_collection(geo_copy / "claims.geojson")[
        "features"]}
    props = feats["2024-02-29-media-kupiansk"]["properties"]
    assert props["source_url"] == "https://example.org/a"
    assert props["source_url_alt"] == "https://example.org/b"
    # Editing the claim shows the second URL, and clearing it removes the field.
    app.radio(key="edit_mode").set_value("Edit a claim").run()
    app.selectbox(key="edit_pick").set_value("2024-02-29-media-kupiansk").run()
    assert app.text_input(key="edit_source_url_alt").value == "https://example.org/b"
    app.text_input(key="edit_source_url_alt").input("")
    app.button(key="edit_save").click().run()
    assert "Saved." in texts(app, "success"), texts(app, "error")
    feats = {f["properties"]["id"]: f for f in read_collection(geo_copy / "claims.geojson")[
        "features"]}
    assert "source_url_alt" not in feats["2024-02-29-media-kupiansk"]["properties"]


def test_non_http_second_url_refused(app: AppTest, geo_copy: Path) -> None:
    unlock(app)
    fill(app, area="kupiansk", date="2024-02-29", status="ru", claimant="media",
         source_title="Two pages", source_url_alt="ftp://example.org/b")
    app.button(key="edit_check").click().run()
    assert "saving would be refused" in texts(app, "error")
    assert ":properties.source_url_alt:" in texts(app, "code")
    before = (geo_copy / "claims.geojson").read_bytes()
    app.button(key="edit_save").click().run()
    assert "Not saved." in texts(app, "error")
    code = texts(app, "code")
    assert ":properties.source_url_alt:" in code
    assert "'ftp://example.org/b' is not an http(s) address" in code
    assert (geo_copy / "claims.geojson").read_bytes() == before


@pytest.mark.parametrize(("entered", "expected", "ok"), [
    ("abc", "abc", True), ("abd", "abc", False), ("", "", False), ("abc", "", False),
    ("ab", "abc", False), ("äbc", "äbc", True),
])
def test_token_matches(entered: str, expected: str, ok: bool) -> None:
    assert token_matches(entered, expected) is ok


def test_changes_for_edit_keeps_only_changed_fields() -> None:
    old = {"status": "ru", "note": "x", "date": "2024-01-01"}
    new = {"status": "ru", "note": "", "date": "2024-01-02", "confidence": ""}
    assert changes_for_edit(old, new) == {"note": "", "date": "2024-01-02"}


def test_claim_without_source_url_can_be_edited(app: AppTest, geo_copy: Path) -> None:
    """9 shipped claims have source_url "" (the validator accepts a title or a URL); the
    page edits them like any other (it said "Not saved." before the rules were one)."""
    cid = next(f["properties"]["id"] for f in read_collection(
        geo_copy / "claims.geojson")["features"] if f["properties"].get("source_url") == "")
    unlock(app)
    app.radio(key="edit_mode").set_value("Edit a claim").run()
    app.selectbox(key="edit_pick").set_value(cid).run()
    app.text_area(key="edit_note").input("checked again")
    app.button(key="edit_save").click().run()
    assert "Saved." in texts(app, "success"), texts(app, "error") + texts(app, "code")
    feats = {f["properties"]["id"]: f for f in read_collection(geo_copy / "claims.geojson")[
        "features"]}
    assert feats[cid]["properties"]["note"] == "checked again"


def test_unreadable_file_is_one_line_in_the_problem_list(app: AppTest, geo_copy: Path) -> None:
    (geo_copy / "events.geojson").write_text("[" * 100_000, "utf-8")
    unlock(app)
    assert not app.exception
    assert "cannot be read" in texts(app, "error")
    assert "events.geojson:-:-: nested deeper than 32 levels" in texts(app, "code")


def test_edit_page_in_ukrainian(app: AppTest) -> None:
    """With ?lang=uk the page and its form speak Ukrainian; the radio's values stay English
    (what session state and the tests use), only their labels are translated."""
    app.query_params["lang"] = "uk"
    app.run()
    assert "Редагування заяв" in [h.value for h in app.header]
    assert "Введіть токен редагування" in texts(app, "info")
    app.text_input(key="edit_token").input(TOKEN).run()
    mode = app.radio(key="edit_mode")
    assert mode.value == "Add a claim" and mode.label == "Що зробити"
    assert app.selectbox(key="edit_area").label == "Територія"
    assert [b.label for b in app.button][-2:] == ["Перевірити", "Зберегти"]
