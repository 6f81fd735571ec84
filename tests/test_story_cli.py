"""``reelsmith outline`` and ``reelsmith tag``: the story chain from the command line, bad input changing nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agent.cli import main

LOGLINE = "An old clerk must find the owner of a brass key before the office closes for good."


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _status(capsys: pytest.CaptureFixture[str], film: Path) -> dict:  # type: ignore[type-arg]
    code, out, _ = _run(capsys, "status", film, "--json")
    assert code == 0
    return json.loads(out)  # type: ignore[no-any-return]


def test_outline_from_the_logline_in_acts_reordered_and_shown(
    tmp_path: Path, tmp_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    film = tmp_path / "film"
    assert _run(capsys, "new", film, "--demo")[0] == 0
    before = _status(capsys, film)
    code, _, err = _run(capsys, "outline", film, "--genre", "drama", "--acts", "5")  # the demo has no logline
    assert code == 2 and err.count("\n") == 1 and "no logline" in err
    assert _status(capsys, film) == before  # the genre was not written either
    code, out, _ = _run(capsys, "outline", film, "--logline", LOGLINE, "--tone", "wry", "--acts", "3", "--json")
    shown = json.loads(out)
    assert code == 0 and shown["ideation"]["tone"] == "wry" and [b["act"] for b in shown["outline"]] == [
        1, 1, 2, 2, 2, 3, 3]
    assert _run(capsys, "outline", film, "--acts", "5")[0] == 2  # would replace: needs --replace
    last = shown["outline"][-1]["text"]
    assert _run(capsys, "outline", film, "--move", "7", "1")[0] == 0
    assert _status(capsys, film)["outline"][0]["text"] == last
    assert _run(capsys, "outline", film, "--move", "1", "9")[0] == 2
    code, out, _ = _run(capsys, "outline", film, "--acts", "5", "--replace")
    assert code == 0 and "Built a 5-act outline with 6 beats." in out
    assert _run(capsys, "undo", film)[0] == 0
    assert len(_status(capsys, film)["outline"]) == 7


def test_tag_a_scene_and_a_block(tmp_path: Path, tmp_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    film = tmp_path / "film"
    assert _run(capsys, "new", film, "--demo")[0] == 0
    code, out, _ = _run(capsys, "tag", film, "1", "love", "--quote", "nobody has ever come back", "--json")
    tagged = json.loads(out)
    assert code == 0 and tagged["kind"] == "dialogue" and tagged["tags"] == ["love"]
    assert _run(capsys, "tag", film, "2", "rewrite")[0] == 0
    before = _status(capsys, film)
    assert before["scenes"][0]["block_tags"][0]["text"].endswith("nobody has ever come back for a key.")
    assert before["scenes"][1]["tags"] == ["rewrite"]
    for bad in (["1", "keep", "--quote", "e"], ["1", "keep", "--block", "999"], ["99", "keep"]):
        code, _, err = _run(capsys, "tag", film, *bad)
        assert code == 2 and err.startswith("error: ") and err.count("\n") == 1
    assert _status(capsys, film) == before
    assert _run(capsys, "tag", film, "1", "love", "--quote", "nobody has ever", "--remove")[0] == 0
    assert _status(capsys, film)["scenes"][0]["block_tags"] == []
