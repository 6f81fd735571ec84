"""``serve``: demo project on first start, the exposure warning, the auth secret, the chainlit command."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from agent import ui_server
from agent.config import load_settings
from agent.project import Project


def test_is_loopback() -> None:
    assert ui_server.is_loopback("127.0.0.1") and ui_server.is_loopback("localhost") and ui_server.is_loopback("::1")
    assert not ui_server.is_loopback("0.0.0.0") and not ui_server.is_loopback("example.org")


def test_ensure_project_creates_the_demo_once(tmp_path: Path, tmp_home: Path) -> None:
    folder = tmp_path / "film"
    assert ui_server.ensure_project(folder, settings=load_settings()) is True
    assert ui_server.ensure_project(folder, settings=load_settings()) is False
    with Project.open(folder) as project:
        assert project.name() == "LOST PROPERTY"


def _fake_call(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []

    def call(cmd: list[str], *, cwd: Path, env: dict[str, str]) -> int:
        calls.append({"cmd": cmd, "cwd": cwd, "env": env})
        return 3

    monkeypatch.setattr(ui_server.subprocess, "call", call)
    monkeypatch.delenv("CHAINLIT_AUTH_SECRET", raising=False)
    return calls


def test_serve_runs_chainlit_and_warns_when_exposed(
    tmp_path: Path, tmp_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    calls = _fake_call(monkeypatch)
    code = ui_server.serve(project=tmp_path / "film", host="0.0.0.0", port=8123, settings=load_settings())
    assert code == 3
    (call,) = calls
    assert call["cmd"][1:] == ["run", "app.py", "--host", "0.0.0.0", "--port", "8123", "--headless"]
    assert call["cwd"] == ui_server.REPO_ROOT and (call["cwd"] / "app.py").is_file()
    assert call["env"]["REELSMITH_PROJECT"] == str((tmp_path / "film").resolve())
    assert "CHAINLIT_AUTH_SECRET" not in call["env"]
    assert "without a password" in capsys.readouterr().err


def test_serve_with_password_sets_an_auth_secret(
    tmp_path: Path, tmp_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    calls = _fake_call(monkeypatch)
    settings = load_settings(auth_password=SecretStr("pw"))
    ui_server.serve(project=tmp_path / "film", host="0.0.0.0", port=8123, settings=settings)
    assert len(calls[0]["env"]["CHAINLIT_AUTH_SECRET"]) >= 32
    assert "without a password" not in capsys.readouterr().err


def test_serve_command_binds_loopback_unless_told(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from agent import cli

    seen: dict[str, object] = {}

    def fake_serve(*, project: Path, host: str, port: int, settings: object) -> int:
        seen.update(host=host, port=port)
        return 0

    monkeypatch.setattr(ui_server, "serve", fake_serve)
    assert cli.main(["serve", "--project", str(tmp_path / "p")]) == 0
    assert seen == {"host": "127.0.0.1", "port": 8000}
    monkeypatch.setenv("REELSMITH_HOST", "0.0.0.0")
    monkeypatch.setenv("REELSMITH_PORT", "9000")
    assert cli.main(["serve", "--project", str(tmp_path / "p")]) == 0
    assert seen == {"host": "0.0.0.0", "port": 9000}
    assert cli.main(["serve", "--project", str(tmp_path / "p"), "--port", "9100"]) == 0
    assert seen["port"] == 9100
