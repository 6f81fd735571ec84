"""Concurrency: the optimistic version check, and many writers on one folder losing no update (each store)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from agent.project import ConflictError, Project, design, history, snapshot, story
from agent.project.views import scene_by_number

ACTOR = "test"


@pytest.fixture
def folder(tmp_path: Path, store_url: str | None) -> Path:
    with Project.create(tmp_path / "p", name="Shared", database_url=store_url) as p:
        story.add_scene(p, heading="INT. COUNTER", content="count 0", actor=ACTOR)
        story.add_scene(p, heading="INT. OTHER", content="untouched", actor=ACTOR)
        design.add_entity(p, "character", "Ana", description="first", actor=ACTOR)
    return tmp_path / "p"


def _read(p: Project, number: int = 1) -> tuple[int, str]:
    with p.read() as s:
        scene = scene_by_number(s, number)
        return scene.version, scene.content


def _count(p: Project) -> int:
    with p.read() as s:
        return history.change_count(s)


def test_a_stale_expected_version_is_a_conflict_and_changes_nothing(folder: Path, store_url: str | None) -> None:
    with Project.open(folder, database_url=store_url) as mine, Project.open(folder, database_url=store_url) as theirs:
        version, _ = _read(mine)
        story.update_scene(theirs, 1, content="their edit", actor="them", expected_version=version)
        count = _count(mine)
        with pytest.raises(ConflictError, match="you had version 1, it is now version 2"):
            story.update_scene(mine, 1, content="my edit", actor="me", expected_version=version)
        assert _read(mine) == (2, "their edit")
        assert _count(mine) == count
        story.update_scene(mine, 1, content="my edit", actor="me", expected_version=2)  # after a reload it works
        assert _read(theirs) == (3, "my edit")


def test_entities_have_the_same_check(folder: Path, store_url: str | None) -> None:
    with Project.open(folder, database_url=store_url) as p:
        design.update_entity(p, "character", "ana", description="second", actor=ACTOR, expected_version=1)
        with pytest.raises(ConflictError, match="character changed since you read it"):
            design.update_entity(p, "character", "ana", description="third", actor=ACTOR, expected_version=1)
        assert snapshot(p)["characters"][0]["description"] == "second"


def test_many_writers_with_retries_lose_no_update(folder: Path, store_url: str | None) -> None:
    writers, each = 6, 8
    conflicts: list[int] = []
    errors: list[BaseException] = []
    start = threading.Barrier(writers)

    def work() -> None:
        try:
            with Project.open(folder, database_url=store_url) as p:
                start.wait()
                done = retries = 0
                while done < each:
                    version, content = _read(p)
                    n = int(content.split()[-1])
                    try:
                        story.update_scene(p, 1, content=f"count {n + 1}", actor="writer", expected_version=version)
                    except ConflictError:
                        retries += 1
                        continue
                    done += 1
                conflicts.append(retries)
        except BaseException as exc:  # surfaced in the main thread below
            errors.append(exc)

    with Project.open(folder, database_url=store_url) as p:
        count = _count(p)
    threads = [threading.Thread(target=work) for _ in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    assert len(conflicts) == writers
    with Project.open(folder, database_url=store_url) as p:
        version, content = _read(p)
        assert content == f"count {writers * each}"
        assert version == 1 + writers * each
        assert _count(p) == count + writers * each
        assert _read(p, 2) == (1, "untouched")
        assert p.integrity_ok()
