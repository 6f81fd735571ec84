"""``serve``: demo project on first start, the exposure warning, the auth secret, the chainlit command."""

from __future__ import annotations

import sys
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

    monkeypatch.setattr(ui_server, "_run_ui", call)
    monkeypatch.delenv("CHAINLIT_AUTH_SECRET", raising=False)
    return calls


def test_serve_runs_chainlit_and_warns_when_exposed_with_insecure(
    tmp_path: Path, tmp_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    calls = _fake_call(monkeypatch)
    code = ui_server.serve(project=tmp_path / "film", host="0.0.0.0", port=8123, settings=load_settings(),
                           insecure=True)
    assert code == 3
    (call,) = calls
    assert call["cmd"] == [sys.executable, "-m", "chainlit",
                           "run", "app.py", "--host", "0.0.0.0", "--port", "8123", "--headless"]
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

    def fake_serve(*, project: Path, host: str, port: int, settings: object, insecure: bool = False) -> int:
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


@pytest.mark.parametrize("blank", ["", "   "])
def test_an_empty_password_is_no_password(monkeypatch: pytest.MonkeyPatch, blank: str) -> None:
    monkeypatch.setenv("REELSMITH_AUTH_PASSWORD", blank)
    assert load_settings().auth_password is None
    assert load_settings(auth_password=SecretStr(blank)).auth_password is None
    monkeypatch.setenv("REELSMITH_AUTH_PASSWORD", "pw")
    secret = load_settings().auth_password
    assert secret is not None and secret.get_secret_value() == "pw"


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::"])
def test_serving_beyond_loopback_without_a_password_is_refused(
    tmp_path: Path, tmp_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], host: str
) -> None:
    calls = _fake_call(monkeypatch)
    monkeypatch.setenv("REELSMITH_AUTH_PASSWORD", "")
    code = ui_server.serve(project=tmp_path / "film", host=host, port=8123, settings=load_settings())
    err = capsys.readouterr().err
    assert code == 2 and calls == [] and not (tmp_path / "film").exists(), "refused before anything starts"
    assert err.startswith("error: ") and err.count("\n") == 1 and "--insecure" in err


def test_serve_command_refuses_exposure_unless_insecure(
    tmp_path: Path, tmp_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from agent import cli

    calls = _fake_call(monkeypatch)
    monkeypatch.setenv("REELSMITH_AUTH_PASSWORD", "")
    assert cli.main(["serve", "--project", str(tmp_path / "p"), "--host", "0.0.0.0"]) == 2
    assert calls == [] and "without a password" in capsys.readouterr().err
    assert cli.main(["serve", "--project", str(tmp_path / "p"), "--host", "0.0.0.0", "--insecure"]) == 3
    assert len(calls) == 1 and "REELSMITH_AUTH_PASSWORD" not in calls[0]["env"]


def test_serve_hands_its_security_settings_to_the_ui_process(
    tmp_path: Path, tmp_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Settings read from a .env in the caller's folder must reach the UI process (it runs in the repo)."""
    calls = _fake_call(monkeypatch)
    monkeypatch.delenv("REELSMITH_AUTH_PASSWORD", raising=False)
    settings = load_settings(auth_password=SecretStr("pw"), allowed_origins="https://film.example.org:8443")
    ui_server.serve(project=tmp_path / "film", host="127.0.0.1", port=8123, settings=settings)
    env = calls[0]["env"]
    assert env["REELSMITH_AUTH_PASSWORD"] == "pw"
    assert env["REELSMITH_ALLOWED_ORIGINS"] == "https://film.example.org:8443"


def test_allowed_origins_are_checked_and_normalised() -> None:
    from pydantic import ValidationError

    settings = load_settings(allowed_origins=" https://Film.Example.org:443/, http://10.0.0.5:8000 ")
    assert settings.allowed_origins == ["https://film.example.org", "http://10.0.0.5:8000"]
    for bad in ("*", "film.example.org", "https://film.example.org/app", "ftp://x", "https://u:p@x"):
        with pytest.raises(ValidationError):
            load_settings(allowed_origins=bad)


def test_server_origins() -> None:
    from agent.web_guard import server_origins

    assert server_origins("127.0.0.1", 8000) == ["http://localhost:8000", "http://127.0.0.1:8000", "http://[::1]:8000"]
    assert server_origins("192.168.1.20", 80) == ["http://192.168.1.20"]
    assert "http://localhost:9000" in server_origins("0.0.0.0", 9000)


def test_a_stop_signal_is_passed_on_to_the_ui_process_and_waited_for(tmp_path: Path) -> None:
    """``serve`` stopped by a service manager must not leave Chainlit running (holding the port)."""
    import signal
    import subprocess
    import sys
    import time

    marker = tmp_path / "stopped"
    child = (f"import signal, sys, time, pathlib; m = pathlib.Path({str(marker)!r})\n"
             "def stop(*_):\n    time.sleep(0.5); m.write_text('yes'); sys.exit(0)\n"
             "signal.signal(signal.SIGTERM, stop); print('up', flush=True)\nwhile True: time.sleep(0.1)\n")
    parent = ("import os, sys; from pathlib import Path; from agent.ui_server import _run_ui\n"
              f"sys.exit(_run_ui([sys.executable, '-c', {child!r}], cwd=Path('.'), env=dict(os.environ)))")
    proc = subprocess.Popen([sys.executable, "-c", parent], cwd=ui_server.REPO_ROOT, stdout=subprocess.PIPE)
    assert proc.stdout is not None and proc.stdout.readline().strip() == b"up"
    time.sleep(0.2)  # the parent has installed its handler before starting the child; this only settles the pipe
    proc.send_signal(signal.SIGTERM)  # to the parent alone, as a service manager does
    assert proc.wait(timeout=30) == 0
    assert marker.read_text() == "yes", "the UI process finished its own shutdown before serve returned"
