"""The real ChatOpenAI client over HTTP against a stub OpenAI-compatible server on 127.0.0.1.

The stub speaks the chat.completions wire format with streaming (SSE): scripted tool calls go out,
the graph runs the tools for real, and the next request must carry their results back.
"""

from __future__ import annotations

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


def _call(name: str, args: dict[str, Any], n: int) -> dict[str, Any]:
    call = {"id": f"call_{n}", "type": "function", "function": {"name": name, "arguments": json.dumps(args)}}
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

            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                stub.requests.append(body)
                message = stub.script.pop(0) if stub.script else _text("Done.")
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                delta = dict(message)
                if delta.get("tool_calls"):
                    delta["tool_calls"] = [{"index": i, **c} for i, c in enumerate(delta["tool_calls"])]
                finish = "tool_calls" if message.get("tool_calls") else "stop"
                chunks = [
                    {"choices": [{"index": 0, "delta": delta, "finish_reason": None}]},
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


async def test_tool_calls_streaming_and_an_approval_round_trip(tmp_path: Path, stub_factory: Any) -> None:
    stub = stub_factory([
        _call("transfer_to_cinematographer", {"task": "break scene 1 into shots"}, 1),
        _call("break_scene_into_shots", {"scene_number": 1}, 2),
        _text("Scene 1 now has shots."),
        _text("Done: scene 1 is broken into shots."),
        _call("transfer_to_cinematographer", {"task": "storyboard shot 1 of scene 1"}, 3),
        _call("generate_still", {"scene_number": 1, "shot_number": 1}, 4),
        _text("The still is approved."),
        _text("All set."),
    ])  # fmt: skip
    path = _project(tmp_path)
    settings = Settings(home=tmp_path / "home", model="stub-model", openai_base_url=stub.url,
                        openai_api_key="sk-test-not-real")  # type: ignore[arg-type]  # fmt: skip
    session = await Session.open(path, settings=settings, model=load_chat_model(settings))

    turn = await session.run("wire", "break scene 1 into shots")
    assert turn.error is None
    assert [c["name"] for c in turn.tool_calls] == ["break_scene_into_shots"]
    assert turn.route == ["cinematographer"] and turn.tokens > 0
    assert "Done: scene 1 is broken into shots." in turn.texts
    assert len(session.snapshot()["shots"]) >= 2

    first = stub.requests[0]
    assert first["model"] == "stub-model" and first["stream"] is True
    assert {t["function"]["name"] for t in first["tools"]} >= {"transfer_to_writer", "transfer_to_cinematographer"}
    specialist = stub.requests[1]
    assert "generate_still" in {t["function"]["name"] for t in specialist["tools"]}
    assert "<scene number=\"1\"" in specialist["messages"][0]["content"], "the target scene is in the context"
    tool_result = next(m for m in stub.requests[2]["messages"] if m["role"] == "tool")
    assert tool_result["tool_call_id"] == "call_2" and tool_result["content"].startswith("Broke scene 1 into")

    pending = await session.run("wire", "storyboard shot 1 of scene 1")
    assert pending.approval is not None and pending.approval["kind"] == "still"
    assert session.snapshot()["shots"][0]["status"] == "still_pending"
    done = await session.run("wire", decision="approve")
    assert done.error is None and "All set." in done.texts
    assert session.snapshot()["shots"][0]["status"] == "still_approved"
    still_result = next(m for m in stub.requests[-2]["messages"] if m.get("tool_call_id") == "call_4")
    assert still_result["content"].startswith("Approved the still for shot 1.1")
    await session.close()
