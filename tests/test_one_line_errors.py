"""Absurd numbers get one line and a non-zero exit (or a plain answer in chat), never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.cli import main
from agent.llm.offline.numbers import find_scene, to_int

HUGE = str(10**20)


@pytest.fixture
def film(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("REELSMITH_HOME", str(tmp_path / "home"))
    assert main(["new", str(tmp_path / "film"), "--demo"]) == 0
    return tmp_path / "film"


@pytest.mark.parametrize(
    "argv",
    [["history", "{film}", "--limit", HUGE], ["show", "{film}", "scene", HUGE], ["undo", "{film}", "--steps", HUGE],
     ["render", "{film}", "--out", "{film}/x.mp4", "--width", HUGE]],
)
def test_huge_numbers_on_the_command_line_are_one_line(
    argv: list[str], film: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main([a.format(film=film) for a in argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1 and "too large" in err


def test_show_a_huge_scene_in_chat_is_a_plain_answer(film: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    code = main(["chat", str(film), f"show scene {HUGE}"])
    out = capsys.readouterr()
    assert code in (0, 2)
    assert "Traceback" not in out.err and "msgpack" not in out.out + out.err
    assert "does not exist" in out.out


def test_the_offline_director_caps_numbers() -> None:
    assert to_int("9" * 5000) == 1_000_000_000  # int() of 5000 digits would raise
    assert find_scene(f"show scene {HUGE}") == 1_000_000_000
    assert to_int("007") == 7
