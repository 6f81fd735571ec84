"""A corpus of bad input: each gets a clear one-line error and changes nothing (snapshot equal before/after).

SQL-looking, unicode and right-to-left text is not bad input: it is stored literally.
"""

from __future__ import annotations

import io
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from langchain_core.messages import AIMessage
from PIL import Image
from scripted import ScriptedModel, handoff_turn

from agent.cli import main as cli_main
from agent.config import Settings
from agent.project import InvalidInputError, Project, design, snapshot, story
from agent.session import MAX_MESSAGE_CHARS, Session

SQL = ["Robert'); DROP TABLE scenes;--", "' OR '1'='1", "x\"; DELETE FROM characters WHERE 1=1; --",
       "1; UPDATE history SET op='x'", "%' UNION SELECT * FROM changes --"]
NAMES = ["مريم", "שׂרה", "Zoë 🎬", "Ōkami-san", "李雷"]


def _turn(specialist: str, tool: str, args: dict[str, Any]) -> list[AIMessage]:
    return handoff_turn(specialist, tool, args, reply="That did not work.")


@pytest.fixture
def film(tmp_path: Path) -> Path:
    path = tmp_path / "film"
    p = Project.create(path, name="Bad input")
    story.add_scene(p, heading="INT. KITCHEN - NIGHT", content="MARA\nThe kettle is cold.", actor="user")
    story.add_scene(p, heading="EXT. PLATFORM - NIGHT", content="Rain on the rails.", actor="user")
    design.add_entity(p, "character", "Mara", description="a night conductor", actor="user")
    p.close()
    return path


def _snap(path: Path) -> dict[str, Any]:
    with Project.open(path) as p:
        return snapshot(p)


def _files(path: Path) -> set[str]:
    return {f.relative_to(path).as_posix() for f in path.rglob("*") if f.is_file() and "-wal" not in f.name
            and "-shm" not in f.name and f.name not in ("project.db", "checkpoints.db")}


# -- the agent: out-of-range numbers, bad arguments, empty and huge messages -------------------------


@pytest.mark.parametrize(
    ("specialist", "tool", "args", "expected"),
    [
        ("writer", "rewrite_scene", {"scene_number": 99, "direction": "darker", "content": "x"}, "scene 99"),
        ("writer", "rewrite_scene", {"scene_number": 0, "direction": "darker", "content": "x"}, "scene 0"),
        ("writer", "rewrite_scene", {"scene_number": -3, "direction": "darker", "content": "x"}, "scene -3"),
        ("writer", "delete_scene", {"scene_number": 42}, "scene 42"),
        ("writer", "show_scene", {"scene_number": 7}, "scene 7"),
        ("writer", "move_scene", {"scene_number": 1, "to": 9}, "9"),
        ("cinematographer", "generate_still", {"scene_number": 1, "shot_number": 42}, "shots"),
        ("cinematographer", "set_camera", {"scene_number": 9, "shot_number": 1, "shot_type": "wide"}, "scene 9"),
        ("cinematographer", "break_scene_into_shots", {"scene_number": 12}, "scene 12"),
        ("designer", "delete_character", {"name": "NOBODY"}, "NOBODY"),
        ("designer", "add_character", {"name": "   ", "description": "ghost"}, "empty"),
        ("designer", "add_character", {"name": "\u202eLIAM", "description": "spoof"}, "override"),
        ("designer", "set_art_direction", {"palette": ["#zzzzzz"]}, "zzzzzz"),
        ("editor", "add_to_timeline", {"scene_number": 1, "shot_number": 99}, "shots"),
        ("writer", "undo", {"steps": 500}, "1 to 100 steps"),
    ],
)
async def test_bad_tool_arguments_give_one_line_errors_and_change_nothing(
    film: Path, specialist: str, tool: str, args: dict[str, Any], expected: str
) -> None:
    session = await Session.open(film, settings=Settings(home=film.parent / "home"),
                                 model=ScriptedModel(responses=_turn(specialist, tool, args)))
    before, files = session.snapshot(), _files(film)
    turn = await session.run("t", f"please {tool}")
    results = [e["text"] for e in turn.events if e["type"] == "tool_result"]
    assert turn.approval is None, "bad input must fail before asking anyone to approve anything"
    assert len(results) == 1 and results[0].startswith("Error: "), results
    assert "\n" not in results[0] and expected.lower() in results[0].lower(), results[0]
    assert session.snapshot() == before and _files(film) == files
    await session.close()


@pytest.mark.parametrize("text", ["", "   \n\t ", "x" * (MAX_MESSAGE_CHARS + 1), "rewrite scene 1 " * 70_000])
async def test_empty_and_huge_messages_are_refused_before_the_model_sees_them(film: Path, text: str) -> None:
    model = ScriptedModel(responses=[AIMessage("the model must not be called")])
    session = await Session.open(film, settings=Settings(home=film.parent / "home"), model=model)
    before = session.snapshot()
    turn = await session.run("t", text)
    assert turn.error is not None and "\n" not in turn.error and not turn.tool_calls and not turn.texts
    assert ("empty" in turn.error) if not text.strip() else ("limit" in turn.error)
    assert model.i == 0 and session.snapshot() == before
    await session.close()


# -- the command line: lying extensions, oversized uploads, bad numbers -------------------------------


def _cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = cli_main(argv)
    err = capsys.readouterr().err.strip()
    return code, err


def _png_noise(size: int) -> bytes:
    img = Image.frombytes("RGB", (size, size), os.urandom(size * size * 3))
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["show", "{dir}", "scene", "99"], "scene 99 does not exist"),
        (["show", "{dir}", "scene", "0"], "1 or more"),
        (["show", "{dir}", "scene", "two"], "whole number"),
        (["undo", "{dir}", "--steps", "-1"], "1 or more"),
        (["import", "{dir}", "{tmp}/missing.fountain"], "no such file"),
        (["import", "{dir}", "{tmp}/fake.png"], "fake.png"),
        (["import", "{dir}", "{tmp}/script.fountain"], "--replace"),
        (["import", "{dir}", "{tmp}/big.png"], "upload limit"),
        (["import", "{dir}", "{tmp}/big.fountain"], "limit"),
        (["import", "{dir}", "{tmp}/binary.fountain"], "binary data"),
        (["export", "{dir}", "--format", "pdf", "--out", "{tmp}/x.pdf"], "invalid choice"),
        (["export", "{dir}", "--format", "fountain", "--out", "{tmp}/nowhere/x.fountain"], "does not exist"),
        (["render", "{dir}", "--out", "{tmp}/x.gif"], "mp4"),
        (["status", "{tmp}/not-a-project"], "not-a-project"),
        (["open", "{tmp}/fake.png", "{tmp}/opened"], "fake.png"),
    ],
)
def test_cli_bad_input_is_one_line_and_changes_nothing(
    film: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    argv: list[str], expected: str,
) -> None:
    monkeypatch.setenv("REELSMITH_MAX_UPLOAD_BYTES", "20000")
    (tmp_path / "fake.png").write_text("this is not an image, whatever the name says\n")
    (tmp_path / "script.fountain").write_text("INT. HALL - DAY\n\nEcho.\n")
    (tmp_path / "big.png").write_bytes(_png_noise(120))
    (tmp_path / "big.fountain").write_text("INT. HALL - DAY\n\n" + "Words. " * 1_000_000)
    (tmp_path / "binary.fountain").write_bytes(b"\x00\x01\x02\xff" * 1000)
    before, files = _snap(film), _files(film)
    code, err = _cli([a.format(dir=film, tmp=tmp_path) for a in argv], capsys)
    assert code == 2, err
    assert err.startswith("error: ") and "\n" not in err and "Traceback" not in err, err
    assert expected.lower() in err.lower(), err
    assert _snap(film) == before and _files(film) == files
    assert not (tmp_path / "opened").exists() and not (tmp_path / "not-a-project").exists()


def test_a_png_that_holds_a_screenplay_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty"
    assert cli_main(["new", str(empty)]) == 0
    lying = tmp_path / "poster.png"
    lying.write_text("INT. HOUSE - DAY\n\nA screenplay wearing an image's name.\n")
    before = _snap(empty)
    code, err = _cli(["import", str(empty), str(lying)], capsys)
    assert code == 2 and "png" in err.lower()
    assert _snap(empty) == before


# -- text that looks dangerous is stored literally -------------------------------------------------


def test_sql_looking_and_unicode_text_is_stored_literally(film: Path) -> None:
    with Project.open(film) as p:
        for i, text in enumerate(SQL):
            story.add_scene(p, heading=f"INT. ROOM {i} - {text}", content=f"{text}\n\n{NAMES[i]}", actor="user")
            design.add_entity(p, "character", f"{text} {i}", description=text, actor="user")
            story.tag_scene(p, i + 3, add=[text[:30]], actor="user")
        for name in NAMES:
            design.add_entity(p, "location", name, description=f"{name} ← right to left", actor="user")
        design.set_art_direction(p, style=SQL[0], notes=SQL[2], actor="user")
        snap = snapshot(p)
    scenes = snap["scenes"][2:]
    assert [s["content"] for s in scenes] == [f"{t}\n\n{n}" for t, n in zip(SQL, NAMES, strict=True)]
    assert [s["heading"] for s in scenes] == [f"INT. ROOM {i} - {t}" for i, t in enumerate(SQL)]
    assert [s["tags"] for s in scenes] == [[t[:30].lower()] for t in SQL]  # tags are kept lower-case
    chars = {c["name"]: c["description"] for c in snap["characters"]}
    assert all(chars[f"{t} {i}".upper()] == t for i, t in enumerate(SQL))
    assert {loc["name"] for loc in snap["locations"]} == {n.upper() for n in NAMES}
    assert snap["art_direction"]["style"] == SQL[0]
    con = sqlite3.connect(film / "project.db")
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    con.close()
    assert {"scenes", "characters", "history", "changes"} <= tables
    # And they round-trip through a screenplay export and import.
    out = film.parent / "round.fountain"
    assert cli_main(["export", str(film), "--format", "fountain", "--out", str(out)]) == 0
    assert all(t in out.read_text(encoding="utf-8") for t in SQL + NAMES)


@pytest.mark.parametrize("name", ["", "  ", "A" * 101, "\x00NUL", "BELL\x07", "\u202eLIAM", "\u2066ISOLATE"])
def test_bad_names_are_refused_with_one_line(film: Path, name: str) -> None:
    before = _snap(film)
    with Project.open(film) as p, pytest.raises(InvalidInputError) as info:
        design.add_entity(p, "character", name, description="x", actor="user")
    assert "\n" not in str(info.value) and str(info.value)
    assert _snap(film) == before
