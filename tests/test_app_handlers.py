"""app.py's handlers with a stand-in for Chainlit's UI objects, over a real offline session."""

from __future__ import annotations

import importlib
import os
from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from app_loader import load_app

REPO = Path(__file__).resolve().parent.parent


app = load_app()
UI_MODULES = [importlib.import_module(f"agent.ui.{name}")
              for name in ("chat", "jobs", "messages", "panel", "runtime", "settings", "turns")]


def _side_panel(ui: FakeUI) -> dict[str, Any]:
    """Stand in for Chainlit's custom element and side panel; record every props the views were given."""

    class CustomElement:
        def __init__(self, name: str, props: dict[str, Any], display: str) -> None:
            self.name, self.props, self.display = name, props, display
            ui.panel.append(props)

        async def update(self) -> None:
            ui.panel.append(self.props)

    async def set_title(title: str) -> None:
        ui.store["panel_title"] = title

    async def set_elements(elements: list[Any], key: str | None = None) -> None:
        ui.store["panel"] = elements

    return {"CustomElement": CustomElement,
            "ElementSidebar": SimpleNamespace(set_title=set_title, set_elements=set_elements)}


def _settings_widget(ui: FakeUI) -> Any:
    """Stand in for ``cl.ChatSettings``: record the values each sent widget set shows."""

    class ChatSettings:
        def __init__(self, inputs: list[Any]) -> None:
            self.inputs = inputs

        async def send(self) -> dict[str, Any]:
            ui.settings_shown.append({w.id: w.initial for w in self.inputs})
            return ui.settings_shown[-1]

    return ChatSettings


def _message_class(ui: FakeUI) -> Any:
    """Stand in for ``cl.Message``: record sent messages, streamed tokens and updates."""

    class Message:
        def __init__(self, content: str = "", author: str = "", elements: Any = None, actions: Any = None,
                     type: str = "assistant_message"):
            self.content, self.author, self.type = content, author, type
            self.elements, self.actions = list(elements or []), list(actions or [])
            self.command = None

        async def send(self) -> Message:
            ui.posted.append(self)
            return self

        async def stream_token(self, token: str) -> None:
            if self not in ui.posted:  # Chainlit shows a message at its first token
                ui.posted.append(self)
            self.content += token
            ui.tokens.append((self, token))

        async def update(self) -> None:
            ui.updated.append(self)

        async def remove_actions(self) -> None:
            ui.removed.extend(self.actions)
            self.actions = []

    return Message


class FakeUI:
    """Records what the handlers post: messages (with elements and actions), steps, removed actions."""

    def __init__(self, thread: str) -> None:
        self.posted: list[Any] = []
        self.steps: list[Any] = []
        self.removed: list[Any] = []
        self.store: dict[str, Any] = {}
        self.resent: list[Any] = []
        self.panel: list[dict[str, Any]] = []
        self.settings_shown: list[dict[str, Any]] = []
        self.tokens: list[tuple[Any, str]] = []
        self.updated: list[Any] = []
        ui = self

        Message = _message_class(ui)

        class Step:
            def __init__(self, name: str = "", type: str = "run") -> None:
                self.name, self.type, self.input, self.output, self.id = name, type, None, None, name

            async def send(self) -> Step:
                ui.steps.append(self)
                return self

            async def update(self) -> None:
                return None

            async def __aenter__(self) -> Step:
                return await self.send()

            async def __aexit__(self, *exc: object) -> None:
                return None

        class Action:
            def __init__(self, name: str, payload: dict[str, Any], label: str = "") -> None:
                self.name, self.payload, self.label = name, payload, label

            async def remove(self) -> None:
                ui.removed.append(self)

            async def send(self, for_id: str) -> None:
                ui.resent.append((for_id, self))

        def element(kind: str) -> Any:
            return lambda **kw: SimpleNamespace(kind=kind, **kw)

        async def set_commands(commands: Any) -> None:
            ui.store["commands"] = commands

        self.module = SimpleNamespace(
            Message=Message, Step=Step, Action=Action, Starter=SimpleNamespace, ChatSettings=_settings_widget(self),
            Image=element("image"), Video=element("video"), Audio=element("audio"), File=element("file"),
            **_side_panel(self),
            user_session=SimpleNamespace(get=self.store.get, set=self.store.__setitem__),
            context=SimpleNamespace(session=SimpleNamespace(thread_id=thread, id=f"ws-{thread}"),
                                    emitter=SimpleNamespace(set_commands=set_commands)),
        )

    def texts(self) -> list[str]:
        return [m.content for m in self.posted]

    def buttons(self) -> list[Any]:
        return [a for m in self.posted for a in m.actions]


@pytest.fixture
async def session(tmp_path: Path, tmp_home: Path) -> AsyncIterator[Any]:
    from agent.config import load_settings
    from agent.session import Session
    from agent.ui_server import ensure_project

    settings = load_settings(project=tmp_path / "film")
    assert ensure_project(settings.project, settings=settings)
    opened = await Session.open(settings.project, settings=settings)
    app.state["session"] = opened
    yield opened
    app.state["session"] = None
    await opened.close()


def _ui(monkeypatch: pytest.MonkeyPatch, thread: str = "t1") -> FakeUI:
    ui = FakeUI(thread)
    for module in UI_MODULES:  # every module of agent/ui that talks to Chainlit gets the stand-in
        monkeypatch.setattr(module, "cl", ui.module)
    return ui


async def _ask_for_still(ui: FakeUI) -> None:
    await app.on_message(ui.module.Message("break scene 1 into shots"))
    await app.on_message(ui.module.Message("generate a storyboard for shot 1 of scene 1"))


def _status(session: Any) -> str:
    return str(next(s["status"] for s in session.snapshot()["shots"] if s["scene"] == 1 and s["number"] == 1))


async def test_tool_calls_become_steps_and_authors_are_specialists(
    session: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    ui = _ui(monkeypatch)
    await app.on_message(ui.module.Message("break scene 1 into shots"))
    tool_steps = [s for s in ui.steps if s.type == "tool"]
    assert [s.name for s in tool_steps] == ["break_scene_into_shots"]
    assert tool_steps[0].input == {"scene_number": 1} and "Broke scene 1" in tool_steps[0].output
    assert any(s.name == "Handing over to Cinematographer" for s in ui.steps)
    assert "Cinematographer" in {m.author for m in ui.posted}


async def test_still_preview_and_approve_button_resume_the_graph(session: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    ui = _ui(monkeypatch)
    await _ask_for_still(ui)
    images = [e for m in ui.posted for e in m.elements if e.kind == "image"]
    assert len(images) == 1 and Path(images[0].path).is_file()
    assert [b.label for b in ui.buttons()] == ["Approve", "Reject", "Regenerate"]
    assert _status(session) == "still_pending"

    approve = next(b for b in ui.buttons() if b.payload["decision"] == "approve")
    await app.on_decide(approve)
    assert _status(session) == "still_approved"
    assert all(b in ui.removed for b in ui.buttons()), "answered buttons are removed"

    await app.on_decide(approve)  # the same button again: stale, answered without a change
    assert "already answered" in ui.texts()[-1]
    assert _status(session) == "still_approved"


async def test_reject_without_a_note_rejects(session: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    ui = _ui(monkeypatch)
    await _ask_for_still(ui)
    await app.on_decide(next(b for b in ui.buttons() if b.payload["decision"] == "reject"))
    assert ui.texts()[-1] == app.NOTE_PROMPT and _status(session) == "still_pending", "the callback returns at once"
    await app.on_message(ui.module.Message("none"))
    assert _status(session) == "still_rejected"


async def test_reject_with_a_note_draws_again(session: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    ui = _ui(monkeypatch)
    await _ask_for_still(ui)
    first = ui.buttons()
    await app.on_decide(next(b for b in first if b.payload["decision"] == "reject"))
    await app.on_message(ui.module.Message("darker, closer"))
    assert _status(session) == "still_pending"
    fresh = [b for m in ui.posted for b in m.actions if b not in first]
    assert [b.payload["decision"] for b in fresh] == ["approve", "reject", "regenerate"]
    images = {e.path for m in ui.posted for e in m.elements if e.kind == "image"}
    assert len(images) == 2, "the new still is shown"
    await app.on_message(ui.module.Message("approve"))
    assert _status(session) == "still_approved", "the next message is a normal one again"


async def test_a_button_answers_only_this_chats_approval(session: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    ui = _ui(monkeypatch, thread="mine")
    await _ask_for_still(ui)
    approve = next(b for b in ui.buttons() if b.payload["decision"] == "approve")
    approve.payload["thread"] = "someone-else"  # a forged payload names another thread: ignored
    other = _ui(monkeypatch, thread="other")
    await app.on_decide(approve)
    assert "already answered" in other.texts()[-1] and _status(session) == "still_pending"


async def test_pending_approval_is_shown_again_on_chat_start(session: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    await _ask_for_still(_ui(monkeypatch, thread="t2"))
    again = _ui(monkeypatch, thread="t2")
    await app.on_chat_start()
    assert [b.payload["decision"] for b in again.buttons()] == ["approve", "reject", "regenerate"]
    assert [c["id"] for c in again.store["commands"]] == ["script", "board", "assets", "timeline"]
    fresh = _ui(monkeypatch, thread="t3")
    await app.on_chat_start()
    assert fresh.buttons() == []


async def test_commands_open_the_views(session: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    ui = _ui(monkeypatch)
    await app.on_message(ui.module.Message("/script"))
    assert "Opened the Story view" in ui.texts()[-1] and "1. INT. LOST PROPERTY OFFICE - NIGHT" in ui.texts()[-1]
    await app.on_message(ui.module.Message("/nonsense"))
    assert "Unknown command /nonsense" in ui.texts()[-1]
    await app.on_message(ui.module.Message("/board"))
    assert "Opened the Shooting view" in ui.texts()[-1] and ui.store["view_tab"] == "shooting"
    assert ui.panel[-1]["tab"] == "shooting" and [s["heading"] for s in ui.panel[-1]["story"]["scenes"]][0] == (
        "INT. LOST PROPERTY OFFICE - NIGHT")


async def test_exports_are_offered_as_downloads(session: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    ui = _ui(monkeypatch)
    await app.on_message(ui.module.Message("export the screenplay as fountain"))
    offer = next(m for m in ui.posted if m.content.startswith("Ready to download"))
    [file] = offer.elements
    assert file.kind == "file" and file.name.endswith(".fountain") and Path(file.path).is_file()
    assert ui.panel, "the views were refreshed after the turn"


async def test_fountain_upload_asks_before_replacing_the_screenplay(
    session: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    ui = _ui(monkeypatch)
    script = tmp_path / "short.fountain"
    script.write_text("INT. KITCHEN - DAY\n\nAnna boils water.\n\nEXT. GARDEN - NIGHT\n\nRain.\n")
    bad = tmp_path / "empty.fountain"
    bad.write_text("no scenes here\n")
    before = session.snapshot()["scenes"]
    await app.on_message(ui.module.Message("", elements=[SimpleNamespace(name="empty.fountain", path=str(bad))]))
    assert "Could not import empty.fountain" in ui.texts()[-1] and session.snapshot()["scenes"] == before
    upload = ui.module.Message("", elements=[SimpleNamespace(name="short.fountain", path=str(script))])
    await app.on_message(upload)
    assert "This replaces the screenplay with short.fountain" in ui.texts()[-1]
    assert session.snapshot()["scenes"] == before
    await app.on_replace(next(b for b in ui.buttons() if b.payload["decision"] == "cancel"))
    assert "Kept the current screenplay" in ui.texts()[-1] and session.snapshot()["scenes"] == before
    await app.on_message(upload)
    approve = next(b for b in ui.buttons() if b.payload["decision"] == "approve" and b not in ui.removed)
    await app.on_replace(approve)
    assert ui.texts()[-1] == "Replaced the screenplay: 2 scenes from short.fountain."
    assert [s["heading"] for s in session.snapshot()["scenes"]] == ["INT. KITCHEN - DAY", "EXT. GARDEN - NIGHT"]
    await app.on_replace(approve)  # the same button again: nothing happens twice
    assert "already answered" in ui.texts()[-1]


async def test_starters() -> None:
    labels = [s.label for s in await app.starters()]
    assert labels == ["Pitch me a logline", "Rewrite scene 3 darker", "Break scene 2 into shots",
                      "Make an animatic of scene 1"]


async def test_a_failing_turn_answers_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    ui = _ui(monkeypatch)

    async def broken() -> AsyncIterator[dict[str, Any]]:
        yield {"type": "message", "text": "Working on it.", "author": "writer"}
        raise RuntimeError("disk full\nsecond line")

    await app.render(broken())
    assert [(m.author, m.content) for m in ui.posted] == [
        ("Writer", "Working on it."),
        ("Reelsmith", "Error: RuntimeError: disk full"),
    ]


async def test_image_upload_becomes_a_reference_for_the_named_character(
    session: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from PIL import Image

    ui = _ui(monkeypatch)
    photo = tmp_path / "ida.png"
    Image.new("RGB", (64, 48), (200, 40, 40)).save(photo)
    liar = tmp_path / "notes.png"
    liar.write_text("this is text, not a picture")
    before = session.snapshot()
    await app.on_message(ui.module.Message("notes", elements=[SimpleNamespace(name="notes.png", path=str(liar))]))
    assert ui.texts()[-1].startswith("Could not import notes.png:") and session.snapshot() == before
    await app.on_message(
        ui.module.Message("Ida's headshot", elements=[SimpleNamespace(name="ida.png", path=str(photo))])
    )
    assert ui.texts()[-1] == "Added ida.png as a reference image for IDA."
    assert session.snapshot()["assets"]["by_type"] == {"image": 1}


async def test_chat_settings_only_tighten_the_operators(session: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    ui = _ui(monkeypatch)
    await app.on_settings_update({"model": "offline", "draft": True, "reuse_threshold": 0.9, "budget_usd": 2.5})
    assert ui.texts()[-1] == "Settings applied: model offline, draft on, budget $2.50."
    chosen = app.chat_settings(session)
    assert chosen is not None and chosen.reuse_threshold == 0.9 and chosen.budget_usd == 2.5
    await app.on_settings_update({"model": "offline", "draft": False, "reuse_threshold": 0.9, "budget_usd": 0})
    assert ui.texts()[-1] == ("Settings not applied: the operator turned draft mode on; a chat can't turn it off; "
                              "they stay as they were.")
    effective = {"model": "offline", "draft": True, "reuse_threshold": 0.9, "budget_usd": 2.5}
    assert ui.settings_shown == [effective], "the widget shows the effective values again, not the refused ones"
    await app.on_settings_update({"model": "gpt-4o", "draft": True, "reuse_threshold": 0.9, "budget_usd": 0})
    assert ui.texts()[-1].startswith("Settings not applied: only the operator picks the model")
    await app.on_settings_update({"model": "offline", "draft": True, "reuse_threshold": 0.9, "budget_usd": -5})
    assert ui.texts()[-1] == "Settings not applied: the budget is an amount in USD, 0 or more; they stay as they were."
    assert ui.settings_shown[-1] == effective and len(ui.settings_shown) == 3
    assert app.chat_settings(session) == chosen, "a refused change leaves the chat as it was"
    assert app.state["session"] is session, "one session per process, whatever the chat settings"


async def test_settings_changes_open_nothing(session: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    ui = _ui(monkeypatch)
    await app.on_message(ui.module.Message("break scene 1 into shots"))
    fds = len(os.listdir("/proc/self/fd"))
    for i in range(20):
        await app.on_settings_update({"model": "offline", "draft": True, "budget_usd": 1 + i % 3,
                                      "reuse_threshold": 0.8})
        await app.on_message(ui.module.Message("/script"))
    assert len(os.listdir("/proc/self/fd")) <= fds + 2, "no engine, checkpointer or session per settings change"


def _held_under(folder: Path) -> list[str]:
    """Return the files under ``folder`` this process holds open."""
    held = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:  # closed between the listing and the read
            continue
        if target.startswith(str(folder)):
            held.append(target)
    return held


async def test_the_server_stop_closes_the_one_session(session: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from agent.session import Session

    ui = _ui(monkeypatch)
    await app.on_message(ui.module.Message("break scene 1 into shots"))
    await app.on_message(ui.module.Message("generate a storyboard for shot 1 of scene 1"))  # opens the index
    folder = session.project.path.resolve()
    assert any("/index/" in path for path in _held_under(folder)), "a working session holds its index open"
    before = Session.open_count()
    await app.on_app_shutdown()
    assert app.state["session"] is None and Session.open_count() == before - 1
    assert _held_under(folder) == [], "the store's engine, the checkpointer and the job queue are closed"
    await app.on_app_shutdown()  # a second stop finds nothing to close


async def test_a_which_scene_question_offers_its_scenes_as_buttons(
    session: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    ui = _ui(monkeypatch)
    await app.on_message(ui.module.Message("flag the bridge scene for a rewrite"))
    choices = [b for b in ui.buttons() if b.name == "choose"]
    assert [b.label for b in choices] == ["2 · EXT. RIVER BRIDGE - NIGHT", "5 · EXT. RIVER BRIDGE - DAWN"]
    assert session.snapshot()["scenes"][1]["tags"] == []  # asking wrote nothing
    await app.on_choose(choices[1])
    assert session.snapshot()["scenes"][4]["tags"] == ["rewrite"]
    assert session.snapshot()["scenes"][1]["tags"] == []
    assert all(b in ui.removed for b in choices), "answered options are removed"


async def test_streamed_tokens_fill_one_message_that_the_final_message_updates(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ui = _ui(monkeypatch)

    async def streamed() -> AsyncIterator[dict[str, Any]]:
        yield {"type": "token", "text": "Scene 2 [draft] is ", "author": "writer", "message_id": "m1"}
        yield {"type": "token", "text": "darker now. See http:", "author": "writer", "message_id": "m1"}
        yield {"type": "token", "text": "//x.io", "author": "writer", "message_id": "m1"}
        yield {"type": "message", "text": "Scene 2 [draft] is darker now. See http://x.io", "author": "writer",
               "message_id": "m1", "options": [{"label": "Undo", "request": "undo that"}]}
        yield {"type": "message", "text": "Anything else?", "author": "writer", "message_id": "m2"}

    await app.render(streamed())
    [first, second] = ui.posted
    assert [t for m, t in ui.tokens if m is first] == ["Scene 2 \\[draft\\] is ", "darker now. See http",
                                                       ":\\/\\/x.io"]
    assert ui.updated == [first] and first.author == "Writer"
    assert first.content == "Scene 2 \\[draft\\] is darker now. See http:\\/\\/x.io"
    assert [a.payload["request"] for a in first.actions] == ["undo that"]
    assert second.content == "Anything else?" and second not in ui.updated, "a message without tokens is sent"


class FakeJobsSession:
    """A session's job side only: one running job of thread t1; deliver hands each ended job over once."""

    def __init__(self) -> None:
        self.jobs = {7: {"id": 7, "kind": "stills_batch", "status": "running", "thread": "t1", "error": "",
                         "title": "Stills for scene 1", "delivered": False,
                         "progress": {"done": 1, "total": 3, "label": "Still for shot 1.2"}}}
        self.cancelled: list[int] = []
        self.deliveries = 0

    def list_jobs(self, thread: str | None = None) -> list[dict[str, Any]]:
        return [dict(j) for j in self.jobs.values() if thread in (None, j["thread"])]

    def job(self, job_id: int) -> dict[str, Any]:
        return dict(self.jobs[job_id])

    def cancel_job(self, job_id: int) -> dict[str, Any]:
        if self.jobs[job_id]["status"] not in ("queued", "running"):
            raise ValueError(f"job {job_id} has already finished")
        self.cancelled.append(job_id)
        self.jobs[job_id]["status"] = "cancelled"
        return dict(self.jobs[job_id])

    async def deliver(self, thread: str, *, settings: Any = None) -> AsyncIterator[dict[str, Any]]:
        for job in self.jobs.values():
            if job["thread"] == thread and job["status"] not in ("queued", "running") and not job["delivered"]:
                job["delivered"] = True
                self.deliveries += 1
                yield {"type": "job", "id": job["id"], "kind": job["kind"], "status": job["status"],
                       "label": job["title"], "error": ""}
                yield {"type": "approval", "title": "Approve 3 stills for scene 1", "options": ["approve", "reject"],
                       "previews": []}

    def exports(self) -> list[Path]:
        return []

    def head(self) -> str:
        return "h1"

    def views(self) -> dict[str, Any]:
        return {"story": {"scenes": []}}


async def test_a_job_event_shows_a_card_whose_cancel_cancels_the_job(monkeypatch: pytest.MonkeyPatch) -> None:
    ui = _ui(monkeypatch)
    jobs = FakeJobsSession()
    monkeypatch.setitem(app.state, "session", jobs)

    async def turn() -> AsyncIterator[dict[str, Any]]:
        yield {"type": "job", **jobs.job(7)}

    await app.render(turn())
    [card] = ui.posted
    assert card.content == "**Job 7: Stills for scene 1** — 1/3 · Still for shot 1.2 · running"
    [cancel] = card.actions
    assert cancel.name == "cancel_job" and cancel.payload == {"id": 7}
    await app.on_cancel_job(cancel)
    assert jobs.cancelled == [7] and card.content.endswith("· cancelled") and card in ui.updated
    assert card.actions == [] and cancel in ui.removed, "a finished job's card has no Cancel"
    await app.on_cancel_job(cancel)  # the same button again: the job has finished
    assert ui.texts()[-1] == "Error: could not cancel the job: job 7 has already finished" and jobs.cancelled == [7]
    jobs.jobs[8] = {**jobs.job(7), "id": 8, "thread": "someone-else", "status": "running"}
    await app.on_cancel_job(ui.module.Action(name="cancel_job", payload={"id": 8}))  # a forged id
    assert "not this conversation's" in ui.texts()[-1] and jobs.jobs[8]["status"] == "running"


async def test_a_finished_job_is_delivered_once_and_its_card_follows_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from agent.ui import jobs as ui_jobs
    from agent.ui.runtime import thread_lock

    ui = _ui(monkeypatch)
    jobs = FakeJobsSession()

    async def turn() -> AsyncIterator[dict[str, Any]]:
        yield {"type": "job", **jobs.job(7)}

    await app.render(turn())
    jobs.jobs[7]["progress"] = {"done": 2, "total": 3, "label": "Still for shot 1.3"}
    await ui_jobs.poll(jobs, "t1")  # type: ignore[arg-type]
    card = ui.posted[0]
    assert "2/3 · Still for shot 1.3 · running" in card.content and jobs.deliveries == 0
    jobs.jobs[7]["status"] = "waiting_approval"
    async with thread_lock("t1"):  # a turn is running in this thread: nothing is delivered into it
        await ui_jobs.poll(jobs, "t1")  # type: ignore[arg-type]
    assert jobs.deliveries == 0 and card.content.endswith("ready for your decision") and card.actions == []
    await ui_jobs.poll(jobs, "t1")  # type: ignore[arg-type]
    await ui_jobs.poll(jobs, "t1")  # type: ignore[arg-type]
    assert jobs.deliveries == 1
    assert [b.payload["decision"] for b in ui.buttons()] == ["approve", "reject"], "the approval, once"
    assert [m.content for m in ui.posted].count(card.content) == 1, "the delivered job updates its card"


async def test_a_real_batch_job_shows_a_card_and_comes_back_with_its_approval(
    session: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from test_jobs import wait_for

    from agent.ui import jobs as ui_jobs

    ui = _ui(monkeypatch)
    session.enable_jobs()
    await app.on_message(ui.module.Message("break scene 1 into shots"))
    await app.on_message(ui.module.Message("generate stills for scene 1"))
    cards = [m for m in ui.posted if m.content.startswith("**Job ")]
    assert len(cards) == 1 and [a.name for a in cards[0].actions] == ["cancel_job"], ui.texts()
    [job] = session.list_jobs("t1")
    wait_for(lambda: session.job(job["id"])["status"] not in ("queued", "running"))
    await ui_jobs.poll(session, "t1")
    await ui_jobs.poll(session, "t1")
    assert [b.payload["decision"] for b in ui.buttons() if b.name == "decide"] == ["approve", "reject"], ui.texts()
    assert cards[0].actions == [] and "ready for your decision" in cards[0].content
