"""A scene's versions read as word-wise insertions and deletions; views notice changes made elsewhere."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from agent.ui.refresh import ViewsWatcher
from agent.word_diff import word_diff


def test_a_word_diff_marks_insertions_and_deletions_and_keeps_the_rest() -> None:
    before, after = "The rain falls on the bridge. IDA waits.", "The cold rain hammers the bridge. IDA waits alone."
    pieces = word_diff(before, after)
    assert [(p["op"], p["text"]) for p in pieces] == [
        ("eq", "The"), ("ins", " cold"), ("eq", " rain "), ("del", "falls on"), ("ins", "hammers"),
        ("eq", " the bridge. IDA waits"), ("ins", " alone"), ("eq", "."),
    ]
    old = "".join(p["text"] for p in pieces if p["op"] != "ins")
    new = "".join(p["text"] for p in pieces if p["op"] != "del")
    assert (old, new) == (before, after)


def test_long_unchanged_stretches_are_shortened_around_the_change() -> None:
    words = " ".join(f"w{i}" for i in range(200))
    pieces = word_diff(words, words + " END")
    assert pieces[0]["op"] == "eq" and pieces[0]["text"].startswith("… w") and "w0 " not in pieces[0]["text"]
    middle = word_diff("(a) " + words + " (b)", "(A) " + words + " (B)")[3]["text"]
    assert middle.startswith(") w0 ") and " … w" in middle and middle.endswith(" w199 (")
    assert pieces[-1] == {"op": "ins", "text": " END"}
    assert word_diff("same", "same") == [{"op": "eq", "text": "same"}]


async def test_the_watcher_redraws_only_when_the_head_moved() -> None:
    heads, shown, drawn = ["1:1"], ["1:1"], []

    async def refresh() -> None:
        drawn.append(heads[0])
        shown[0] = heads[0]

    watcher = ViewsWatcher(head=lambda: heads[0], shown=lambda: shown[0], refresh=refresh, alive=lambda: True)
    assert not await watcher.check() and drawn == []
    heads[0] = "2:1"
    assert await watcher.check() and drawn == ["2:1"]
    assert not await watcher.check()
    gone = ViewsWatcher(head=lambda: "x", shown=lambda: None, refresh=refresh, alive=lambda: False, every_s=0)
    await gone.run()  # ends at once for a page that has gone
    assert drawn == ["2:1"]


async def test_a_failed_check_is_retried_and_the_watcher_ends_with_its_page() -> None:
    heads: list[Any] = [RuntimeError("database is locked"), "2:1", "2:1"]
    drawn: list[str] = []

    def head() -> str:
        value = heads.pop(0)
        if isinstance(value, Exception):
            raise value
        return str(value)

    async def refresh() -> None:
        drawn.append("drawn")

    watcher = ViewsWatcher(head=head, shown=lambda: "1:1" if not drawn else "2:1", refresh=refresh,
                           alive=lambda: bool(heads), every_s=0)
    await watcher.run()
    assert drawn == ["drawn"] and heads == []


async def test_the_sessions_head_moves_with_a_change_an_asset_or_an_export(tmp_path: Path, tmp_home: Path) -> None:
    from agent.config import load_settings
    from agent.project.story import update_scene
    from agent.session import Session
    from agent.ui_server import ensure_project

    settings = load_settings(project=tmp_path / "film")
    ensure_project(settings.project, settings=settings)
    session = await Session.open(settings.project, settings=settings)
    try:
        first = session.head()
        assert session.head() == first, "reading changes nothing"
        versions: Any = session.views()["story"]["scenes"][1]["versions"]
        assert [v["version"] for v in versions] == [1] and versions[0]["diff"] is None
        update_scene(session.project, 2, content="Rain. Nothing else.", actor="test")
        second = session.head()
        assert second != first
        versions = session.views()["story"]["scenes"][1]["versions"]
        assert [v["version"] for v in versions] == [2, 1]
        assert {p["op"] for p in versions[0]["diff"]} >= {"ins", "del"}
        (settings.project / "exports").mkdir(exist_ok=True)
        (settings.project / "exports" / "cut.mp4").write_bytes(b"x")
        assert session.head() != second
    finally:
        await session.close()
