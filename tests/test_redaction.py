"""Keys never reach an error path: the CLI, tool errors (and so the checkpoint), a failing model endpoint."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from pydantic import SecretStr

from agent.cli import main
from agent.config import Settings
from agent.project import ProjectError
from agent.redaction import redact, register_secrets, secrets_of
from agent.tools.base import make_tool

KEY = "sk-test-ECHOED-0123456789abcdef"


@pytest.mark.parametrize(
    "text",
    [
        f"401: bad request from Bearer {KEY}",
        "Authorization: Bearer abc123DEF456ghi789",
        "key sk-proj-AbCdEf0123456789xyz rejected",
        "replicate token r8_AbCdEf0123456789XyZ is invalid",
        "ElevenLabs key sk_0123456789abcdef0123456789abcdef0123456789abcdef failed",
        '{"xi-api-key": "0123456789abcdef0123456789abcdef"}',
        "GET /v1/models?api_key=zz9plural9zalpha&x=1",
    ],
)
def test_keys_of_every_known_shape_are_masked(text: str) -> None:
    out = redact(text)
    assert "***" in out
    for secret in (KEY, "abc123DEF456ghi789", "AbCdEf0123456789", "0123456789abcdef0123", "zz9plural9zalpha"):
        assert secret not in out


def test_a_configured_key_of_any_shape_is_masked_and_ordinary_text_is_not() -> None:
    assert redact("the key plainword-not-a-pattern leaked", ["plainword-not-a-pattern"]) == "the key *** leaked"
    register_secrets([SecretStr("registered-Value-42")])
    assert redact("echo: registered-Value-42") == "echo: ***"
    prose = "token limit exceeded; scene 3 has 2 shots; sha " + "ab" * 32 + "; risk-averse task-runner"
    assert redact(prose) == prose


def test_settings_secrets_are_found(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(openai_api_key=SecretStr("sk-a-settings-key-1"), replicate_api_token=None)
    assert "sk-a-settings-key-1" in secrets_of(settings)


def test_a_tool_error_carrying_a_key_is_redacted() -> None:
    from pydantic import BaseModel

    class _Args(BaseModel):
        x: int

    def boom(x: int) -> str:
        """Fail like a provider that echoes the header."""
        raise ProjectError(f"provider said: Authorization: Bearer {KEY}")

    tool = make_tool(boom, name="boom", args_schema=_Args)
    answer = tool.invoke({"x": 1})
    assert answer.startswith("Error: provider said") and KEY not in answer and "***" in answer


# -- a model endpoint that fails ------------------------------------------------------------------


class _Echo(BaseHTTPRequestHandler):
    """A careless endpoint: every request fails with the credentials it was sent in the body."""

    def do_POST(self) -> None:  # http.server's naming
        body = json.dumps({"error": {"message": f"denied for {self.headers.get('authorization')}", "type": "x"}})
        self.send_response(500)
        self.send_header("content-type", "application/json")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def echo_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


@pytest.fixture
def film(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("REELSMITH_HOME", str(tmp_path / "home"))
    assert main(["new", str(tmp_path / "film"), "--demo"]) == 0
    return tmp_path / "film"


def _chat(film: Path, monkeypatch: pytest.MonkeyPatch, url: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", url)
    monkeypatch.setenv("OPENAI_MAX_RETRIES", "0")
    code = main(["chat", str(film), "rewrite scene 1 darker", "--model", "gpt-test"])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_an_endpoint_that_echoes_the_key_gives_one_redacted_line(
    film: Path, echo_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, output = _chat(film, monkeypatch, echo_url, capsys)
    assert code == 2
    assert KEY not in output and "Traceback" not in output
    errors = [line for line in output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "failed" in errors[0]
    db = film / "checkpoints.db"
    if db.exists():
        con = sqlite3.connect(db)
        dump = "\n".join(con.iterdump())
        con.close()
        assert KEY not in dump


def test_a_dead_endpoint_gives_one_line_and_a_non_zero_exit(
    film: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code, output = _chat(film, monkeypatch, f"http://127.0.0.1:{port}/v1", capsys)
    assert code == 2
    assert "Traceback" not in output and KEY not in output
    assert [line for line in output.splitlines() if line.startswith("error:")][0].count("\n") == 0


def test_a_tool_context_registers_the_configured_keys() -> None:
    from agent.project import Project
    from agent.tools.base import ToolContext

    odd = "zz-configured-shape-77"
    settings = Settings(replicate_api_token=SecretStr(odd))
    ToolContext(project=Project.__new__(Project), settings=settings)
    assert redact(f"echo {odd}") == "echo ***"
