"""Start the Reelsmith UI on a free loopback port with a fresh demo project, for the browser tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 90.0


@dataclass
class RunningApp:
    """A UI server started for a test: where it listens and which project it serves."""

    url: str
    project: Path
    log: Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_ready(url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the UI exited with {proc.returncode}: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{url}/api/snapshot", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"the UI did not answer within {START_TIMEOUT_S:.0f}s: {log.read_text()[-2000:]}")


@pytest.fixture(scope="module")
def running_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    """Run ``serve`` (demo project, offline model) in its own process group; stop it afterwards."""
    root = tmp_path_factory.mktemp("ui")
    project, log = root / "film", root / "server.log"
    port = _free_port()
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REELSMITH_AUTH_PASSWORD", "CHAINLIT_APP_ROOT")
    }
    env.update(REELSMITH_HOME=str(root / "home"), REELSMITH_MODEL="offline", ANONYMIZED_TELEMETRY="False")
    code = ("import sys; from pathlib import Path; from agent.config import load_settings; "
            "from agent.ui_server import serve; sys.exit(serve(project=Path(sys.argv[1]), host='127.0.0.1', "
            "port=int(sys.argv[2]), settings=load_settings()))")  # fmt: skip
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-c", code, str(project), str(port)], cwd=REPO, env=env, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(url, proc, log)
        yield RunningApp(url=url, project=project, log=log)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
