"""The CLI on either store: REELSMITH_DATABASE_URL sends a new project's rows to PostgreSQL, the rest follows."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from agent.cli import main
from agent.project import DB_NAME
from agent.project.store import STORE_FILE


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_new_status_edit_undo_and_bundle(
    tmp_path: Path, tmp_home: Path, store_url: str | None, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if store_url is not None:
        monkeypatch.setenv("REELSMITH_DATABASE_URL", store_url)
    else:
        monkeypatch.delenv("REELSMITH_DATABASE_URL", raising=False)
    film = tmp_path / "film"
    assert _run(capsys, "new", str(film), "--demo")[0] == 0
    assert (film / DB_NAME).is_file() == (store_url is None)
    assert (film / STORE_FILE).is_file() == (store_url is not None)
    code, out, _ = _run(capsys, "status", str(film), "--json")
    status = json.loads(out)
    assert code == 0 and len(status["scenes"]) > 3 and status["history"]["count"] >= 1
    code, out, _ = _run(capsys, "doctor", str(film), "--json")
    assert code == 0 and json.loads(out)["healthy"] is True
    assert _run(capsys, "export", str(film), "--format", "bundle", "--out", str(tmp_path / "film.zip"))[0] == 0
    with zipfile.ZipFile(tmp_path / "film.zip") as zf:
        assert DB_NAME in zf.namelist() and STORE_FILE not in zf.namelist()
    monkeypatch.delenv("REELSMITH_DATABASE_URL", raising=False)
    assert _run(capsys, "open", str(tmp_path / "film.zip"), str(tmp_path / "copy"))[0] == 0
    code, out, _ = _run(capsys, "status", str(tmp_path / "copy"), "--json")
    assert code == 0 and json.loads(out)["scenes"] == status["scenes"]
    if store_url is not None:  # without the URL the PostgreSQL project says what it needs, in one line
        code, out, err = _run(capsys, "status", str(film), "--json")
        assert code != 0 and "REELSMITH_DATABASE_URL" in err and err.strip().count("\n") == 0
