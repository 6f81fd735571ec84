"""The real ChatOpenAI client over HTTP against a stub OpenAI-compatible server on 127.0.0.1.

The stub speaks the chat.completions wire format with streaming (SSE): scripted tool calls go out,
the graph runs the tools for real, and the next request must carry their results back.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from agent.config import Settings
from agent.llm import load_chat_model
from agent.project import Project, design, story
from agent.session import Session


def _call(name: str, args: dict[str, Any] | str, n: int) -> dict[str, Any]:
    raw = args if isinstance(args, str) else json.dumps(args)  # a string: arguments exactly as a model wrote them
    call = {"id": f"call_{n}", "type": "function", "function": {"name": name, "arguments": raw}}
    return {"role": "assistant", "content": None, "tool_calls": [call]}


def _text(text: str) -> dict[str, Any]:
    return {"role": "assistant", "content": text}


class Stub:
    """Replays scripted assistant messages, streamed as SSE chunks, and records every request body."""

    def __init__(self, script: list[dict[str, Any]]) -> None:
        self.script = list(script)
        self.requests: list[dict[str, Any]] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                return

            def do_POST(self) -> None:  # http.server's name
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                stub.requests.append(body)
                message = stub.script.pop(0) if stub.script else _text("Done.")
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                delta = dict(message)
                if delta.get("tool_calls"):
                    delta["tool_calls"] = [{"index": i, **c} for i, c in enumerate(delta["tool_calls"])]
                    deltas = [delta]
                else:  # text streams word by word, as a real server sends it
                    words = str(message.get("content") or "").split(" ")
                    deltas = [{"role": "assistant", "content": w + (" " if i < len(words) - 1 else "")}
                              for i, w in enumerate(words)]
                finish = "tool_calls" if message.get("tool_calls") else "stop"
                chunks = [
                    *({"choices": [{"index": 0, "delta": d, "finish_reason": None}]} for d in deltas),
                    {"choices": [{"index": 0, "delta": {}, "finish_reason": finish}]},
                    {"choices": [], "usage": {"prompt_tokens": 11, "completion_tokens": 3, "total_tokens": 14}},
                ]
                for chunk in chunks:
                    base = {"id": "chatcmpl-stub", "object": "chat.completion.chunk", "created": 0, "model": "stub"}
                    self.wfile.write(f"data: {json.dumps({**base, **chunk})}\n\n".encode())
                self.wfile.write(b"data: [DONE]\n\n")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def stub_factory() -> Iterator[Any]:
    servers: list[Stub] = []

    def make(script: list[dict[str, Any]]) -> Stub:
        servers.append(Stub(script))
        return servers[-1]

    yield make
    for s in servers:
        s.server.shutdown()


def _project(tmp_path: Path) -> Path:
    path = tmp_path / "film"
    p = Project.create(path, name="Wire")
    story.add_scene(p, heading="INT. KITCHEN - NIGHT", content="MARA\nThe kettle is cold.", actor="user")
    design.add_entity(p, "character", "Mara", description="a night conductor", actor="user")
    p.close()
    return path


def _session_settings(tmp_path: Path, stub: Stub, **extra: Any) -> Settings:
    return Settings(home=tmp_path / "home", model="stub-model", openai_base_url=stub.url,
                    openai_api_key="sk-test-not-real", **extra)  # type: ignore[arg-type]


async def test_tool_calls_streaming_and_an_approval_round_trip(tmp_path: Path, stub_factory: Any) -> None:
    stub = stub_factory([
        _call("transfer_to_cinematographer", {"task": "break scene 1 into shots"}, 1),
        _call("break_scene_into_shots", {"scene_number": 1}, 2),
        _call("transfer_to_cinematographer", {"task": "storyboard shot 1 of scene 1"}, 3),
        _call("generate_still", {"scene_number": 1, "shot_number": 1}, 4),
    ])
    path = _project(tmp_path)
    settings = _session_settings(tmp_path, stub)
    session = await Session.open(path, settings=settings, model=load_chat_model(settings))

    turn = await session.run("wire", "break scene 1 into shots")
    assert turn.error is None
    assert [c["name"] for c in turn.tool_calls] == ["break_scene_into_shots"]
    assert turn.route == ["cinematographer"] and turn.tokens > 0
    assert len(stub.requests) == 2, "route and act: the tool's result answers, no reply or closing call"
    assert turn.texts and turn.texts[-1].startswith("Broke scene 1 into")
    assert len(session.snapshot()["shots"]) >= 2

    first = stub.requests[0]
    assert first["model"] == "stub-model" and first["stream"] is True
    assert {t["function"]["name"] for t in first["tools"]} >= {"transfer_to_writer", "transfer_to_cinematographer"}
    assert first["parallel_tool_calls"] is False, "the supervisor routes one step at a time"
    specialist = stub.requests[1]
    assert {t["function"]["name"] for t in specialist["tools"]} >= {"generate_still", "break_scene_into_shots"}
    assert "transfer_to_writer" not in {t["function"]["name"] for t in specialist["tools"]}
    assert "<scene number=\"1\"" in specialist["messages"][0]["content"], "the target scene is in the context"

    pending = await session.run("wire", "storyboard shot 1 of scene 1")
    assert pending.approval is not None and pending.approval["kind"] == "still"
    assert session.snapshot()["shots"][0]["status"] == "still_pending"
    tool_result = next(m for m in stub.requests[2]["messages"] if m["role"] == "tool")
    assert tool_result["tool_call_id"] == "call_1" and tool_result["content"].startswith("Broke scene 1 into")
    asked = len(stub.requests)
    done = await session.run("wire", decision="approve")
    assert done.error is None and any(t.startswith("Approved the still for shot 1.1") for t in done.texts)
    assert len(stub.requests) == asked, "approving makes no model call"
    assert session.snapshot()["shots"][0]["status"] == "still_approved"
    await session.close()


async def test_a_reply_streams_as_token_events(tmp_path: Path, stub_factory: Any) -> None:
    reply = "Which scene do you mean: 1 or 2?"
    stub = stub_factory([_call("transfer_to_writer", {"task": "make the rain scene darker"}, 1), _text(reply)])
    settings = _session_settings(tmp_path, stub)
    session = await Session.open(_project(tmp_path), settings=settings, model=load_chat_model(settings))
    events = [e async for e in session.send("t", "make the rain scene darker")]
    await session.close()
    tokens = [e for e in events if e["type"] == "token"]
    assert len(tokens) == len(reply.split(" ")), "one event per streamed chunk, as the model writes"
    assert "".join(t["text"] for t in tokens) == reply and {t["author"] for t in tokens} == {"writer"}
    final = [e for e in events if e["type"] == "message"]
    assert [e["text"] for e in final] == [reply] and events.index(tokens[-1]) < events.index(final[0])
    assert {t["message_id"] for t in tokens} == {final[0]["message_id"]}, "the UI can fill one message in place"
    assert len(stub.requests) == 2, "the specialist's reply answers: no closing supervisor call"


@pytest.mark.parametrize("compat", ["openai", "basic"])
async def test_each_compatibility_mode_on_the_wire(tmp_path: Path, stub_factory: Any, compat: str) -> None:
    stub = stub_factory([
        _call("transfer_to_designer", {"task": "add Otto, a night porter"}, 1),
        _text('{"name": "add_character", "arguments": {"name": "OTTO", "description": "a night porter"}}'),
    ])
    settings = _session_settings(tmp_path, stub, model_compat=compat)
    session = await Session.open(_project(tmp_path), settings=settings, model=load_chat_model(settings))
    turn = await session.run("t", "add Otto, a night porter")
    await session.close()
    for body in stub.requests:
        assert "tool_choice" not in body
        assert ("parallel_tool_calls" in body) == (compat == "openai" and body is stub.requests[0])
    assert [c["name"] for c in turn.tool_calls] == ["add_character"], "a call written as text is read back"
    assert "OTTO" in [c["name"] for c in session.snapshot()["characters"]] and len(stub.requests) == 2


async def test_malformed_tool_call_json_is_repaired(tmp_path: Path, stub_factory: Any) -> None:
    stub = stub_factory([
        _call("transfer_to_designer", {"task": "add Otto"}, 1),
        _call("add_character", "{'name': 'OTTO', 'description': 'a night porter',", 2),  # quotes, comma, no brace
    ])
    settings = _session_settings(tmp_path, stub)
    session = await Session.open(_project(tmp_path), settings=settings, model=load_chat_model(settings))
    turn = await session.run("t", "add Otto")
    names = [c["name"] for c in session.snapshot()["characters"]]
    await session.close()
    assert turn.error is None and [c["name"] for c in turn.tool_calls] == ["add_character"] and "OTTO" in names
    assert len(stub.requests) == 2


async def test_unreadable_tool_call_is_retried_once_then_asked_about(tmp_path: Path, stub_factory: Any) -> None:
    garbled = "name: OTTO <<description"
    stub = stub_factory([
        _call("transfer_to_designer", {"task": "add Otto"}, 1),
        _call("add_character", garbled, 2),
        _call("add_character", garbled, 3),
    ])
    settings = _session_settings(tmp_path, stub)
    session = await Session.open(_project(tmp_path), settings=settings, model=load_chat_model(settings))
    before = session.snapshot()["characters"]
    turn = await session.run("t", "add Otto")
    after = session.snapshot()["characters"]
    await session.close()
    assert len(stub.requests) == 3, "one retry, no more"
    assert "could not be read" in stub.requests[2]["messages"][-1]["content"]
    assert turn.tool_calls == [] and after == before, "nothing is written from an unreadable call"
    assert turn.texts and "add_character" in turn.texts[-1] and turn.texts[-1].rstrip().endswith("?")


async def test_a_turn_stops_at_its_token_cap(tmp_path: Path, stub_factory: Any) -> None:
    stub = stub_factory([_call("transfer_to_designer", {"task": "add Otto"}, 1),
                         _call("transfer_to_designer", {"task": "add Otto"}, 2)])
    settings = _session_settings(tmp_path, stub, turn_token_cap=10)  # the stub reports 14 tokens a call
    session = await Session.open(_project(tmp_path), settings=settings, model=load_chat_model(settings))
    turn = await session.run("t", "add Otto")
    again = await session.run("t", "add Otto")  # a new message starts a new count
    await session.close()
    assert "per-turn cap" in turn.texts[-1] and turn.tool_calls == [] and turn.route == ["designer"]
    assert len(stub.requests) == 2, "each turn made its routing call, then stopped before the specialist's"
    assert "per-turn cap" in again.texts[-1] and again.tool_calls == []


async def test_model_calls_are_priced_into_the_ledger(tmp_path: Path, stub_factory: Any) -> None:
    prices = tmp_path / "prices.json"
    prices.write_text(json.dumps({"openai": {"stub-model": {"per_1k_prompt_tokens": 1.0,
                                                            "per_1k_completion_tokens": 2.0}}}))
    stub = stub_factory([_call("transfer_to_designer", {"task": "add Otto"}, 1),
                         _call("add_character", {"name": "OTTO", "description": "a porter"}, 2)])
    settings = _session_settings(tmp_path, stub, prices_file=prices)
    session = await Session.open(_project(tmp_path), settings=settings, model=load_chat_model(settings))
    turn = await session.run("t", "add Otto")
    cost = session.snapshot()["cost"]
    await session.close()
    per_call = (11 * 1.0 + 3 * 2.0) / 1000  # the stub reports 11 prompt and 3 completion tokens a call
    assert [e["cost_usd"] for e in turn.events if e["type"] == "usage"] == [per_call, per_call]
    assert cost["model_usd"] == pytest.approx(2 * per_call)
    assert cost["spent_usd"] == pytest.approx(2 * per_call, abs=1e-4)


def test_chat_prices_come_from_the_table() -> None:
    from agent.generators.costs import chat_cost

    assert chat_cost("gpt-4o-mini", 1000, 1000) == pytest.approx(0.00075)
    assert chat_cost("openai:gpt-4o", 2000, 0) == pytest.approx(0.005)
    assert chat_cost("llama3.1:8b", 10_000, 10_000) == 0.0, "local and unknown models fall back to '*' (free)"


def test_eval_with_a_real_model_reports_pass_hat_k(tmp_path: Path, stub_factory: Any,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from agent.cli import main

    stub = stub_factory([
        _call("transfer_to_designer", {"task": "add character Vera: a ruthless auctioneer"}, 1),
        _call("add_character", {"name": "VERA", "description": "a ruthless auctioneer"}, 2),
        _text("Which Vera do you mean?"),  # the second trial: the model asks instead of acting
    ])
    monkeypatch.setenv("OPENAI_BASE_URL", stub.url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-real")
    monkeypatch.setenv("REELSMITH_HOME", str(tmp_path / "home"))
    scenario = Path(__file__).resolve().parents[1] / "evals" / "scenarios" / "addchar-a.yaml"
    out = tmp_path / "eval.json"
    code = main(["eval", str(scenario), "--model", "stub-model", "--trials", "2", "--concurrency", "1",
                 "--json", str(out)])
    data = json.loads(out.read_text())
    assert code != 0 and data["model"] == "stub-model" and data["trials"] == 2
    assert [s["passed"] for s in data["scenarios"]] == [True, False]
    assert data["pass_hat_k_by_scenario"]["addchar-a"] == {"passes": 1, "trials": 2,
                                                          "pass_hat_k": {"1": 0.5, "2": 0.0}}
    assert data["pass_hat_k"] == {"1": 0.5, "2": 0.0}


class _Flaky(Stub):
    """Answers the first request with a 503 (or stalls it past the client's timeout), then as scripted."""

    def __init__(self, script: list[dict[str, Any]], *, stall_s: float = 0.0) -> None:
        super().__init__(script)
        handler = self.server.RequestHandlerClass
        original = handler.do_POST  # type: ignore[attr-defined]
        seen: list[int] = []

        def do_post(h: Any) -> None:
            seen.append(1)
            if len(seen) == 1:
                body = h.rfile.read(int(h.headers["Content-Length"]))
                self.requests.append(json.loads(body))
                if stall_s:
                    import time

                    time.sleep(stall_s)
                with contextlib.suppress(OSError):  # a stalled client may have hung up already
                    h.send_response(503)
                    h.send_header("Content-Length", "2")
                    h.end_headers()
                    h.wfile.write(b"{}")
                return
            original(h)

        handler.do_POST = do_post  # type: ignore[attr-defined]


async def test_a_failed_request_is_retried(tmp_path: Path) -> None:
    stub = _Flaky([_call("transfer_to_designer", {"task": "add Otto"}, 1),
                   _call("add_character", {"name": "OTTO", "description": "a porter"}, 2)])
    try:
        settings = _session_settings(tmp_path, stub, model_retries=1)
        session = await Session.open(_project(tmp_path), settings=settings, model=load_chat_model(settings))
        turn = await session.run("t", "add Otto")
        await session.close()
    finally:
        stub.server.shutdown()
    assert turn.error is None and [c["name"] for c in turn.tool_calls] == ["add_character"]
    assert len(stub.requests) == 3, "the 503 was retried once, then the turn went on"


async def test_a_stalled_request_times_out_in_one_line(tmp_path: Path) -> None:
    from agent.llm.guarded import ModelCallError

    stub = _Flaky([], stall_s=2.0)
    try:
        settings = _session_settings(tmp_path, stub, model_retries=0, model_timeout_s=0.3)
        model = load_chat_model(settings)
        session = await Session.open(_project(tmp_path), settings=settings, model=model)
        with pytest.raises(ModelCallError, match="Timeout") as caught:
            await session.run("t", "add Otto")
        await session.close()
    finally:
        stub.server.shutdown()
    assert "\n" not in str(caught.value) and "sk-test-not-real" not in str(caught.value)
