"""The UI's own records (Chainlit's tables, element files), chat settings that only tighten, and small UI fixes."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from agent.chat_store import LocalFileStorage, SqliteJsonMixin, chat_database_url, create_chat_tables, ui_secret
from agent.config import load_settings
from agent.session import tighten_settings


async def test_chat_tables_are_chainlits_documented_schema_and_creating_twice_keeps_rows(tmp_path: Path) -> None:
    settings = load_settings(home=tmp_path / "home", project=tmp_path / "film")
    url = chat_database_url(settings)
    assert url.startswith("sqlite+aiosqlite:///") and str(tmp_path / "home") in url
    await create_chat_tables(url)
    db = url.removeprefix("sqlite+aiosqlite:///")
    with sqlite3.connect(db) as conn:
        conn.execute("""INSERT INTO users ("id", "identifier", "metadata") VALUES ('u1', 'film-maker', '{}')""")
    await create_chat_tables(url)
    with sqlite3.connect(db) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        steps = {r[1] for r in conn.execute("PRAGMA table_info(steps)")}
        assert conn.execute("SELECT count(*) FROM users").fetchone() == (1,)
    assert tables == {"users", "threads", "steps", "elements", "feedbacks"}
    assert {"command", "defaultOpen", "autoCollapse", "modes", "showInput", "generation"} <= steps


def test_the_chat_database_is_a_setting_never_database_url(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://elsewhere/db")
    monkeypatch.setenv("REELSMITH_CHAT_DATABASE_URL", "postgresql+asyncpg://team/chat")
    assert chat_database_url(load_settings(home=tmp_path)) == "postgresql+asyncpg://team/chat"


class _Recorder:
    engine: Any

    async def execute_sql(self, query: str, parameters: dict[str, Any]) -> Any:
        self.seen = parameters
        return [{"thread_tags": '["a", "b"]', "step_modes": '{"m": 1}', "output": "[not json"}]


class _Layer(SqliteJsonMixin, _Recorder):
    def __init__(self, dialect: str) -> None:
        self.engine = type("E", (), {"dialect": type("D", (), {"name": dialect})()})()


async def test_lists_and_dicts_are_json_on_sqlite_only() -> None:
    layer = _Layer("sqlite")
    rows = await layer.execute_sql("q", {"tags": ["a"], "metadata": {"k": 1}, "name": "x"})
    assert layer.seen == {"tags": '["a"]', "metadata": '{"k": 1}', "name": "x"}
    assert rows == [{"thread_tags": ["a", "b"], "step_modes": {"m": 1}, "output": "[not json"}]
    pg = _Layer("postgresql")
    await pg.execute_sql("q", {"tags": ["a"]})
    assert pg.seen == {"tags": ["a"]}


async def test_local_storage_keeps_files_inside_its_folder(tmp_path: Path) -> None:
    storage = LocalFileStorage(tmp_path / "files")
    stored = await storage.upload_file("u1/e1/still.png", b"png")
    assert stored == {"object_key": "u1/e1/still.png", "url": "/reelsmith/files/u1/e1/still.png"}
    assert storage.path_of("u1/e1/still.png").read_bytes() == b"png"
    for bad in ("../outside.png", "u1/../../x", "/etc/passwd", "", "a\x00b"):
        with pytest.raises(ValueError):
            storage.path_of(bad)
    assert await storage.delete_file("u1/e1/still.png") and not await storage.delete_file("../x")


def test_the_login_secret_is_made_once_and_owner_only(tmp_path: Path) -> None:
    first = ui_secret(tmp_path / "home")
    assert len(first) > 40 and ui_secret(tmp_path / "home") == first
    assert (tmp_path / "home" / "ui-secret").stat().st_mode & 0o077 == 0


def test_chat_settings_may_only_tighten_the_operators() -> None:
    operator = load_settings(model="offline", draft=True, budget_usd=10.0)
    tighter = tighten_settings(operator, {"model": "offline", "draft": True, "budget_usd": 4, "reuse_threshold": 0.9})
    assert (tighter.draft, tighter.budget_usd, tighter.reuse_threshold) == (True, 4.0, 0.9)
    for loosening, words in (({"draft": False}, "draft mode"), ({"budget_usd": 50}, "budget"),
                             ({"budget_usd": 0}, "budget"), ({"model": "gpt-4o"}, "model")):
        with pytest.raises(ValueError, match=words):
            tighten_settings(operator, {"draft": True, "budget_usd": 4, **loosening})
    paid = load_settings(model="gpt-4o", draft=False, budget_usd=None)
    assert tighten_settings(paid, {"model": "offline", "draft": True}).model == "offline"
    assert tighten_settings(paid, {"budget_usd": 3}).budget_usd == 3.0


async def test_one_session_serves_each_chats_settings_per_call(tmp_path: Path, tmp_home: Path) -> None:
    from agent.session import Session
    from agent.ui_server import ensure_project

    settings = load_settings(project=tmp_path / "film", budget_usd=5.0)
    ensure_project(settings.project, settings=settings)
    session = await Session.open(settings.project, settings=settings)
    try:
        await session.run("a", "break scene 1 into shots")
        tight = tighten_settings(settings, {"budget_usd": 0.000001})
        seen: list[float | None] = []
        original = session.graph.astream

        def spy(*args: Any, **kwargs: Any) -> Any:
            current = kwargs["context"].settings  # the chat's settings travel as the run's LangGraph context
            seen.append(current.budget_usd if current else None)
            return original(*args, **kwargs)

        session.graph.astream = spy
        tools_saw: list[float | None] = []
        generators = type(session._ctx).generators

        def watch(ctx: Any) -> Any:
            tools_saw.append(ctx.settings.budget_usd)  # read inside the tool, while the run is going
            return generators.fget(ctx)  # type: ignore[attr-defined]

        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(type(session._ctx), "generators", property(watch))
            await session.run("b", "generate a storyboard for shot 1 of scene 1", settings=tight)
            await session.run("c", "generate a storyboard for shot 2 of scene 1")
        assert tools_saw and set(tools_saw) == {0.000001, 5.0}, "tools see the running turn's own settings"
        assert session._ctx.settings.budget_usd == 5.0, "outside a turn the operator's settings hold"
        assert seen == [0.000001, None], "each call runs with its own chat's settings, then the operator's"
    finally:
        await session.close()


def test_headshots_carry_no_scene_and_shot_numbers(monkeypatch: pytest.MonkeyPatch) -> None:
    from agent.generators import storyboard
    from agent.generators.requests import ShotSpec

    drawn: list[str] = []
    real = storyboard._text_box
    monkeypatch.setattr(storyboard, "_text_box", lambda d, xy, text, size, look: drawn.append(text) or real(
        d, xy, text, size, look))
    storyboard.draw_storyboard(ShotSpec(scene_number=0, shot_number=0, description="Ida, head and shoulders"),
                               "headshot", 320, 180, 1)
    assert not any("SC 0" in t or "SHOT 0" in t for t in drawn)
    drawn.clear()
    storyboard.draw_storyboard(ShotSpec(scene_number=2, shot_number=3, description="A door"), "still", 320, 180, 1)
    assert any(t.startswith("SC 2  ·  SHOT 3") for t in drawn)


def test_views_never_serve_a_file_outside_the_asset_store(tmp_path: Path, tmp_home: Path) -> None:
    import io

    from PIL import Image

    from agent.project import DB_NAME, Project
    from agent.project.library import import_media
    from agent.ui_server import ensure_project
    from agent.workspace import asset_file

    settings = load_settings(project=tmp_path / "film")
    ensure_project(settings.project, settings=settings)
    buf = io.BytesIO()
    Image.new("RGB", (32, 24), (10, 20, 30)).save(buf, format="PNG")
    (tmp_path / "secret.png").write_bytes(buf.getvalue())
    with Project.open(settings.project) as project:
        asset = import_media(project, Path("ida.png"), buf.getvalue(), "IDA")["asset"]
        assert asset_file(project, asset) is not None and asset_file(project, asset, thumbnail=True) is not None
        assert asset_file(project, 999) is None
        with sqlite3.connect(settings.project / DB_NAME) as conn:  # a hostile bundle's row
            conn.execute("UPDATE assets SET path = '../secret.png', sha256 = 'x' WHERE id = ?", (asset,))
        assert asset_file(project, asset) is None and asset_file(project, asset, thumbnail=True) is None
