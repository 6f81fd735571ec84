"""Branches from the chat: what exists is listed, what no tool does is refused, and names never echo the request."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from agent.config import Settings
from agent.evaldriver import create_project_from
from agent.llm.offline.guard import cannot
from agent.session import Session


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return create_project_from("demo", None, tmp_path_factory.mktemp("branch") / "demo", settings=Settings())


async def _turns(template: Path, tmp_path: Path, *turns: str) -> tuple[list[str], dict, dict]:  # type: ignore[type-arg]
    path = tmp_path / "p"
    shutil.copytree(template, path)
    session = await Session.open(path, settings=Settings())
    try:
        before = session.snapshot()
        replies = []
        for text in turns:
            result = await session.run("t", text)
            replies.append(" ".join(result.texts))
        return replies, before, session.snapshot()
    finally:
        await session.close()


async def test_which_branches_exist_is_answered_with_all_of_them(template: Path, tmp_path: Path) -> None:
    replies, _, after = await _turns(template, tmp_path, "branch off scenes 5 to 6 as sunrise-cut",
                                     "which branches are there?")
    assert after["branch"] == "sunrise-cut"
    assert "sunrise-cut" in replies[1] and "main" in replies[1]


@pytest.mark.parametrize("request_text", ["delete the sunrise branch", "merge that branch back into main"])
async def test_deleting_or_merging_a_branch_is_refused_and_changes_nothing(
        template: Path, tmp_path: Path, request_text: str) -> None:
    replies, before, after = await _turns(template, tmp_path, request_text)
    assert "can't" in replies[0]
    assert after["history"]["count"] == before["history"]["count"] and after["branch"] == "main"


async def test_renaming_with_no_branch_to_rename_asks_and_changes_nothing(template: Path, tmp_path: Path) -> None:
    replies, before, after = await _turns(template, tmp_path, "rename the branch to harbour")
    assert "branch" in replies[0] and "?" in replies[0]  # which one: main keeps its name
    assert after["history"]["count"] == before["history"]["count"] and after["branch"] == "main"


async def test_a_version_asked_for_without_a_name_gets_a_plain_one(template: Path, tmp_path: Path) -> None:
    _, _, after = await _turns(template, tmp_path, "let's try another version of it on a separate branch")
    assert after["branch"] == "alt"


def test_creating_or_switching_branches_is_not_refused() -> None:
    assert cannot("make a branch for the darker ending") is None
    assert cannot("switch back to the main branch") is None
    assert cannot("delete scene 4") is None


@pytest.mark.parametrize("said", ["back to the normal script", "let's go back to the real version",
                                  "ok back to our usual draft"])
async def test_the_normal_script_on_a_branch_is_main(template: Path, tmp_path: Path, said: str) -> None:
    path = tmp_path / "p"
    shutil.copytree(template, path)
    session = await Session.open(path, settings=Settings())
    try:
        await session.run("t", "start a branch named drizzle")
        turn = await session.run("t", said)
        assert [c["name"] for c in turn.tool_calls] == ["switch_branch"]
        assert turn.tool_calls[0]["args"] == {"branch_name": "main"}
        if await session.pending("t") is not None:  # a switch not named exactly asks first
            await session.run("t", decision="approve")
        assert session.snapshot()["branch"] == "main"
    finally:
        await session.close()


async def test_a_switch_naming_no_branch_never_names_one(template: Path, tmp_path: Path) -> None:
    replies, _, after = await _turns(template, tmp_path, "start a branch named drizzle",
                                     "switch branches please")
    assert after["branch"] == "drizzle" and "alt" not in replies[-1]
