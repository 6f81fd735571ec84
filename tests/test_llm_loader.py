"""load_chat_model: 'offline' -> OfflineDirector; other names -> ChatOpenAI against a stub endpoint."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from langchain_core.messages import HumanMessage

from agent.config import Settings
from agent.llm import ModelLoadError, OfflineDirector, load_chat_model


def settings(**values: Any) -> Settings:
    base: dict[str, Any] = {"openai_api_key": None, "openai_base_url": None}
    return Settings(_env_file=None, **{**base, **values})  # type: ignore[call-arg]


def test_offline_gives_the_director() -> None:
    assert isinstance(load_chat_model(settings(model="offline")), OfflineDirector)
    assert isinstance(load_chat_model(settings(model=" OFFLINE ")), OfflineDirector)


def test_empty_name_is_a_clear_error() -> None:
    with pytest.raises(ModelLoadError, match="model name is empty"):
        load_chat_model(settings(model="  "))


def test_hosted_model_without_key_or_base_url_is_a_clear_error() -> None:
    with pytest.raises(ModelLoadError, match="OPENAI_API_KEY"):
        load_chat_model(settings(model="gpt-4o-mini"))


def test_other_names_go_to_chat_openai() -> None:
    from langchain_openai import ChatOpenAI

    model = load_chat_model(settings(model="openai:gpt-4o-mini", openai_api_key="sk-test",
                                     openai_base_url="http://127.0.0.1:9/v1"))
    assert isinstance(model, ChatOpenAI)
    assert model.model_name == "gpt-4o-mini"
    assert model.openai_api_base == "http://127.0.0.1:9/v1"
    assert model.temperature == 0.2 and model.streaming and model.stream_usage


def test_local_server_needs_no_key() -> None:
    from langchain_openai import ChatOpenAI

    model = load_chat_model(settings(model="llama3.1", openai_base_url="http://127.0.0.1:11434/v1"))
    assert isinstance(model, ChatOpenAI) and model.openai_api_key is not None


class _Stub(BaseHTTPRequestHandler):
    seen: list[dict[str, Any]] = []

    def do_POST(self) -> None:  # http.server's naming
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _Stub.seen.append({"path": self.path, "auth": self.headers.get("Authorization"), "body": body})
        base = {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": body["model"]}
        first = {"role": "assistant", "content": "Hel"}
        events = [
            {**base, "choices": [{"index": 0, "delta": first, "finish_reason": None}]},
            {**base, "choices": [{"index": 0, "delta": {"content": "lo"}, "finish_reason": None}]},
            {**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]},
            {**base, "choices": [], "usage": {"prompt_tokens": 7, "completion_tokens": 2, "total_tokens": 9}},
        ]
        payload = "".join(f"data: {json.dumps(e)}\n\n" for e in events) + "data: [DONE]\n\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload.encode())

    def log_message(self, *args: Any) -> None:
        return


@pytest.fixture
def stub_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Stub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Stub.seen.clear()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()


def test_chat_openai_speaks_the_openai_wire_format(stub_url: str) -> None:
    model = load_chat_model(settings(model="qwen2.5", openai_api_key="sk-test", openai_base_url=stub_url))
    reply = model.invoke([HumanMessage("hi")])
    assert reply.content == "Hello"
    assert reply.usage_metadata is not None and reply.usage_metadata["total_tokens"] == 9
    request = _Stub.seen[0]
    assert request["path"] == "/v1/chat/completions"
    assert request["auth"] == "Bearer sk-test"
    assert request["body"]["model"] == "qwen2.5" and request["body"]["stream"] is True
    assert request["body"]["stream_options"] == {"include_usage": True}
    assert request["body"]["temperature"] == 0.2
