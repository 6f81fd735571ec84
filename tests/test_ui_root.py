"""Where ``serve`` runs Chainlit: the checkout's root, else a copy of the UI a wheel ships in ``agent/ui_root``."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent import ui_server
from agent.config import load_settings


def _shipped(folder: Path) -> Path:
    for rel, text in {"app.py": "# app", "chainlit.md": "# hi", ".chainlit/config.toml": "[project]",
                      "public/elements/Workspace.jsx": "export default 1"}.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text)
    return folder


def test_a_checkout_runs_chainlit_in_its_own_root(tmp_path: Path) -> None:
    assert ui_server.app_root(tmp_path / "home") == ui_server.REPO_ROOT
    assert (ui_server.REPO_ROOT / "app.py").is_file() and not (tmp_path / "home").exists()


def test_a_wheel_install_copies_the_shipped_ui_under_home_and_refreshes_it(tmp_path: Path) -> None:
    shipped = _shipped(tmp_path / "site-packages" / "agent" / "ui_root")
    home = tmp_path / "home"
    root = ui_server.app_root(home, checkout=tmp_path / "site-packages", shipped=shipped)
    assert root == home / "ui" and (root / "public" / "elements" / "Workspace.jsx").read_text() == "export default 1"
    assert (root / ".chainlit" / "config.toml").is_file()
    (shipped / "app.py").write_text("# app, upgraded")  # a newer wheel
    (root / ".chainlit" / "translations").mkdir()  # what Chainlit writes there is left alone
    assert ui_server.app_root(home, checkout=tmp_path / "site-packages", shipped=shipped) == root
    assert (root / "app.py").read_text() == "# app, upgraded" and (root / ".chainlit" / "translations").is_dir()


def test_no_ui_anywhere_is_a_one_line_error_and_serve_exits_2(
    tmp_path: Path, tmp_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(FileNotFoundError, match="the Chainlit app is missing"):
        ui_server.app_root(tmp_path / "home", checkout=tmp_path, shipped=tmp_path / "nothing")
    monkeypatch.setattr(ui_server, "REPO_ROOT", tmp_path / "no-checkout")
    monkeypatch.setattr(ui_server, "SHIPPED_UI", tmp_path / "nothing")
    for starter in ("call", "Popen"):  # however serve starts the UI process, it must not get that far
        monkeypatch.setattr(ui_server.subprocess, starter, lambda *a, **k: pytest.fail("chainlit must not start"))
    code = ui_server.serve(project=tmp_path / "film", host="127.0.0.1", port=8123, settings=load_settings())
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and err[0].startswith("error: the Chainlit app is missing")
    assert not (tmp_path / "film").exists()
