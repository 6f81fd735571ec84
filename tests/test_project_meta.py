"""``meta/project.json``: name, created, phases and asset root; a folder from an older version is upgraded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agent.project import Project
from agent.project import meta as meta_module
from agent.project.db import head_revision
from agent.project.story import set_phase

_FORMAT_1 = {"name": "Old", "schema_revision": "0004", "app_version": "0.0.9",
             "written_at": "2025-01-02T03:04:05+00:00"}  # what versions before format 2 wrote


def _meta(folder: Path) -> dict[str, object]:
    return dict(json.loads((folder / "meta" / "project.json").read_text()))


def test_a_new_project_writes_the_designs_meta(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p", name="Night Bus"):
        pass
    meta = _meta(tmp_path / "p")
    assert meta["format"] == 2 and meta["name"] == "Night Bus" and meta["asset_root"] == "assets"
    assert meta["phases"] == ["story", "design", "shooting", "generate"]
    assert meta["schema_revision"] == head_revision() and str(meta["created"]).startswith("20")
    assert (tmp_path / "p" / str(meta["asset_root"])).is_dir()


def test_opening_an_older_folder_upgrades_its_meta_and_keeps_a_known_creation_time(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p", name="Old"):
        created = _meta(tmp_path / "p")["created"]
    target = tmp_path / "p" / "meta" / "project.json"
    target.write_text(json.dumps(_FORMAT_1))
    with Project.open(tmp_path / "p"):
        pass
    meta = _meta(tmp_path / "p")
    assert meta["format"] == 2 and meta["created"] == created and meta["phases"] and meta["asset_root"] == "assets"
    target.write_text(json.dumps({**meta, "created": "2020-05-06T07:08:09+00:00"}))  # a time the file already knows
    with Project.open(tmp_path / "p"):
        pass
    assert _meta(tmp_path / "p")["created"] == "2020-05-06T07:08:09+00:00"


def test_an_up_to_date_meta_is_not_rewritten_on_open(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p", name="Same"):
        pass
    target = tmp_path / "p" / "meta" / "project.json"
    before = target.read_bytes()
    with Project.open(tmp_path / "p") as p:
        with p.change(actor="user", action="set_phase") as ch:
            set_phase(ch, "design")  # the phase lives in the database; the meta lists the phases, not the current one
    with Project.open(tmp_path / "p"):
        pass
    assert target.read_bytes() == before


def test_a_missing_or_broken_meta_is_rewritten_and_an_unwritable_one_still_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Project.create(tmp_path / "p", name="Fixed"):
        pass
    target = tmp_path / "p" / "meta" / "project.json"
    target.write_text("{not json")
    with Project.open(tmp_path / "p"):
        pass
    assert _meta(tmp_path / "p")["name"] == "Fixed"
    target.write_text(json.dumps(_FORMAT_1))

    def refuse(folder: Path, meta: dict[str, object]) -> None:
        raise PermissionError(13, "read-only folder")

    monkeypatch.setattr(meta_module, "write_meta", refuse)
    with Project.open(tmp_path / "p") as p:  # derived data: a folder that cannot be written still opens
        assert p.name() == "Fixed"
    assert json.loads(target.read_text()) == _FORMAT_1
