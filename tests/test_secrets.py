"""Secrets: a planted API key never reaches a file, a message, an export, a report or a log line.

The key is planted in every provider setting (and the UI password), then a session turn, a failing
Replicate call (whose server echoes the key back), a failing ElevenLabs call, a bundle export, an eval
report and ``reelsmith status`` run; every file under the test folder (zip members unpacked), all
captured output and every log record are searched for it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import zipfile
from pathlib import Path
from typing import Any

import httpx
import pytest
from langchain_core.language_models.fake_chat_models import FakeMessagesListChatModel
from langchain_core.messages import AIMessage

import agent.generators as generators_module
from agent.cli import main as cli_main
from agent.config import Settings, load_settings
from agent.evaldriver import SessionDriver
from agent.generators import (
    ElevenLabsVoiceGenerator,
    GenerationError,
    Generators,
    OfflineVideoGenerator,
    OfflineVoiceGenerator,
    ReplicateImageGenerator,
    ReplicateOptions,
    RetryPolicy,
    VoiceRequest,
)
from agent.session import Session
from evals.runner import run_cli

KEY = "sk-planted-SECRET-1234"
PASSWORD = "pw-planted-SECRET-5678"
PLANTED = (KEY, PASSWORD, "planted-SECRET")


class ScriptedModel(FakeMessagesListChatModel):
    """A fake chat model that accepts bind_tools and replays scripted messages in order."""

    def bind_tools(self, tools: Any, **kwargs: Any) -> ScriptedModel:  # type: ignore[override]
        return self


def _echo_the_key(request: httpx.Request) -> httpx.Response:
    """A careless server: every error repeats the credentials it was sent."""
    sent = request.headers.get("authorization", "") + " " + request.headers.get("xi-api-key", "")
    status = 500 if request.method == "POST" else 401
    return httpx.Response(status, json={"title": "boom", "detail": f"bad request from {sent}", "status": status,
                                        "message": f"key {sent} rejected"},
                          headers={"content-type": "application/problem+json"})


@pytest.fixture
def planted(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Settings:
    for var in ("OPENAI_API_KEY", "REPLICATE_API_TOKEN", "ELEVENLABS_API_KEY"):
        monkeypatch.setenv(var, KEY)
    monkeypatch.setenv("REELSMITH_AUTH_PASSWORD", PASSWORD)
    monkeypatch.setenv("REELSMITH_HOME", str(tmp_path / "home"))
    settings = load_settings()
    assert settings.replicate_api_token is not None and settings.replicate_api_token.get_secret_value() == KEY
    return settings


def _leaks(root: Path) -> list[str]:
    found = []
    for path in root.rglob("*"):
        if not path.is_file():
            continue
        blobs = [path.read_bytes()]
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as zf:
                blobs += [zf.read(name) for name in zf.namelist()]
        if any(secret.encode() in blob for blob in blobs for secret in PLANTED):
            found.append(str(path.relative_to(root)))
    return found


async def _session_turns(film: Path, settings: Settings) -> list[str]:
    """A normal turn, then a generation through Replicate whose server echoes the key."""
    texts: list[str] = []
    session = await Session.open(film, settings=settings)
    texts += [json.dumps(e, default=str) for e in (await session.run("a", "rewrite scene 1 darker")).events]
    await session.close()
    script = [
        AIMessage("", tool_calls=[{"name": "transfer_to_cinematographer", "args": {"task": "x"}, "id": "t1"}]),
        AIMessage("", tool_calls=[{"name": "break_scene_into_shots", "args": {"scene_number": 1}, "id": "c1"}]),
        AIMessage("Broken down."), AIMessage("Done."),
        AIMessage("", tool_calls=[{"name": "transfer_to_cinematographer", "args": {"task": "y"}, "id": "t2"}]),
        AIMessage("", tool_calls=[{"name": "generate_still", "args": {"scene_number": 1, "shot_number": 1},
                                   "id": "c2"}]),
        AIMessage("The provider failed."), AIMessage("Done."),
    ]
    real = settings.model_copy(update={"draft": False})
    session = await Session.open(film, settings=real, model=ScriptedModel(responses=script))
    for text in ("break scene 1 into shots", "generate a still for shot 1 of scene 1"):
        texts += [json.dumps(e, default=str) for e in (await session.run("b", text)).events]
    await session.close()
    return texts


def test_a_planted_key_appears_nowhere(
    planted: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    film = tmp_path / "film"
    assert cli_main(["new", str(film), "--demo"]) == 0

    options = ReplicateOptions(api_token=KEY, poll_interval_s=0.0, retry=RetryPolicy(max_retries=1, base_delay_s=0),
                               transport=httpx.MockTransport(_echo_the_key), sleep=lambda s: None)
    image = ReplicateImageGenerator(options=options, model="black-forest-labs/flux-schnell", ref_model="x/y")
    monkeypatch.setattr(generators_module, "generators_for", lambda settings: Generators(
        image=image, video=OfflineVideoGenerator(), voice=OfflineVoiceGenerator()))
    events = asyncio.run(_session_turns(film, planted))
    failures = [e for e in events if '"tool_result"' in e and "Error:" in e]
    assert failures and "Replicate" in failures[-1], "the failing provider call was exercised"

    voice = ElevenLabsVoiceGenerator(api_key=KEY, retry=RetryPolicy(max_retries=1, base_delay_s=0),
                                     transport=httpx.MockTransport(_echo_the_key), sleep=lambda s: None)
    with pytest.raises(GenerationError) as info:
        voice.generate(VoiceRequest(text="Who wrote this?", character="MARA"))
    messages = [str(info.value)]

    assert cli_main(["export", str(film), "--format", "bundle", "--out", str(tmp_path / "film.reelsmith")]) == 0
    assert cli_main(["status", str(film), "--json"]) == 0
    assert cli_main(["history", str(film), "--json"]) == 0
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text("id: secret-check\nproject: demo\nturns:\n  - user: rewrite scene 2 darker\n"
                        "expect:\n  calls: {mode: superset, tools: [rewrite_scene]}\n")
    run_cli([scenario], model="offline", report=tmp_path / "report.md", json_path=tmp_path / "report.json",
            driver_factory=lambda: SessionDriver(planted), concurrency=1)
    assert (tmp_path / "report.md").is_file() and (tmp_path / "report.json").is_file()

    captured = capsys.readouterr()
    texts = {"events": "\n".join(events), "messages": "\n".join(messages), "stdout": captured.out,
             "stderr": captured.err, "logs": "\n".join(r.getMessage() for r in caplog.records),
             "settings": repr(planted) + str(planted) + planted.model_dump_json()}
    leaked = {name for name, text in texts.items() if any(s in text for s in PLANTED)}
    assert not leaked, f"the planted key leaked into: {leaked}"
    assert not _leaks(tmp_path), f"the planted key is in files: {_leaks(tmp_path)}"
    searched = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()}
    assert {"film/project.db", "film/checkpoints.db", "film.reelsmith", "report.md", "report.json"} <= searched


def test_the_server_listens_on_loopback_unless_told_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    from agent.cli import build_parser
    from agent.ui_server import is_loopback

    monkeypatch.delenv("REELSMITH_HOST", raising=False)
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert is_loopback(settings.host) and settings.auth_password is None
    args = build_parser().parse_args(["serve"])
    assert args.host is None, "no --host: serve takes Settings.host, which is loopback by default"
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.20")
