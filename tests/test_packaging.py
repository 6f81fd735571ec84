"""A built wheel, installed into a fresh venv, carries the demo, the data and the UI: `new --demo`, `status`, `serve`.

The wheel is built offline from a copy of the source (``--no-build-isolation`` with the dev venv's setuptools),
installed with ``--no-deps`` into a venv that borrows the dev venv's dependencies through a ``.pth`` line (a
plain path: the dev venv's editable-install hooks are not run, so ``agent`` can only come from the wheel), and
run from a folder outside the repository.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
_SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "app.py", "chainlit.md",
            ".chainlit/config.toml", "public", "agent", "data", "evals")
_JUNK = shutil.ignore_patterns("__pycache__", "*.pyc", ".mypy_cache", "*.egg-info", "build")

pytestmark = pytest.mark.slow


def _setuptools_ok() -> bool:
    try:
        import setuptools
    except ImportError:
        return False
    return int(setuptools.__version__.split(".")[0]) >= 77


def _copy_sources(target: Path) -> None:
    for name in _SOURCES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=_JUNK)
        else:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target / name)


def _run(cmd: list[str], *, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=240, check=False)
    assert proc.returncode == 0, f"{' '.join(map(str, cmd))} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    return proc


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Build the wheel from a copy of the source and install it into a fresh venv; return its paths."""
    if not _setuptools_ok():
        pytest.skip("building the wheel offline needs setuptools>=77 (the [dev] extra installs it)")
    root = tmp_path_factory.mktemp("wheel")
    src, dist, venv, elsewhere = root / "src", root / "dist", root / "venv", root / "elsewhere"
    _copy_sources(src)
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(HOME=str(root / "home"), REELSMITH_HOME=str(root / "home" / ".reelsmith"), PIP_NO_INDEX="1")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist), str(src)],
         cwd=elsewhere, env=env)
    (wheel,) = dist.glob("reelsmith-*.whl")
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=elsewhere, env=env)
    _run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "--no-deps", "-q",
          str(wheel)], cwd=elsewhere, env=env)
    where = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    purelib = Path(_run([str(venv / "bin" / "python"), "-c", where], cwd=elsewhere, env=env).stdout.strip())
    (purelib / "_reelsmith_test_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return {"venv": venv, "elsewhere": elsewhere, "purelib": purelib, "home": root / "home"}


def _env(paths: dict[str, Path]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "CHAINLIT_APP_ROOT")}
    env.update(HOME=str(paths["home"]), REELSMITH_HOME=str(paths["home"] / ".reelsmith"), ANONYMIZED_TELEMETRY="False")
    return env


def test_the_wheel_imports_agent_from_its_own_venv(installed: dict[str, Path]) -> None:
    out = _run([str(installed["venv"] / "bin" / "python"), "-c", "import agent; print(agent.__file__)"],
               cwd=installed["elsewhere"], env=_env(installed)).stdout
    assert Path(out.strip()).is_relative_to(installed["purelib"])


def test_a_wheel_install_makes_the_demo_and_reports_it(installed: dict[str, Path]) -> None:
    reelsmith, here, env = str(installed["venv"] / "bin" / "reelsmith"), installed["elsewhere"], _env(installed)
    _run([reelsmith, "new", "--demo", "film"], cwd=here, env=env)
    status = json.loads(_run([reelsmith, "status", "film", "--json"], cwd=here, env=env).stdout)
    assert status["name"] == "LOST PROPERTY" and len(status["scenes"]) == 6
    assert {c["name"] for c in status["characters"]} >= {"IDA", "JUNO", "RUBEN"}
    meta = json.loads((here / "film" / "meta" / "project.json").read_text())
    assert meta["name"] == "LOST PROPERTY" and meta["asset_root"] == "assets" and meta["created"]
    assert meta["phases"] == ["story", "design", "shooting", "generate"]


def test_the_offline_director_reads_its_lexicons_from_the_wheel(installed: dict[str, Path]) -> None:
    here, env = installed["elsewhere"], _env(installed)
    code = ("from agent.config import DATA_DIR; from agent.generators.costs import load_prices; import json;"
            "print(json.dumps({'data': str(DATA_DIR), 'files': sorted(p.name for p in DATA_DIR.iterdir()),"
            "'prices': sorted(load_prices())}))")
    info = json.loads(_run([str(installed["venv"] / "bin" / "python"), "-c", code], cwd=here, env=env).stdout)
    assert Path(info["data"]).is_relative_to(installed["purelib"])
    shipped = {"demo.fountain", "prices.json", "tone_lexicons.json", "names.json", "reuse_pairs.yaml"}
    assert shipped <= set(info["files"])
    assert "replicate" in info["prices"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:  # a local server this test started
            return int(resp.status)
    except OSError:
        return 0


def test_serve_from_a_wheel_serves_the_ui_and_its_public_files(installed: dict[str, Path], tmp_path: Path) -> None:
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen([str(installed["venv"] / "bin" / "reelsmith"), "serve", "--project", "served", "--port",
                             str(port)], cwd=installed["elsewhere"], env=_env(installed), stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 90  # a bound on waiting, not a figure under test
        while _get(f"http://127.0.0.1:{port}/") != 200:
            assert proc.poll() is None, (tmp_path / "serve.log").read_text()
            assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
            time.sleep(0.5)
        assert _get(f"http://127.0.0.1:{port}/public/elements/Workspace.jsx") == 200
        assert _get(f"http://127.0.0.1:{port}/public/favicon.svg") == 200
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # chainlit runs as serve's child, in the same new session
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()
    ui = installed["home"] / ".reelsmith" / "ui"
    assert (ui / "app.py").is_file() and (ui / ".chainlit" / "config.toml").is_file()
