"""Start the Chainlit UI on a project folder (creating it from the demo screenplay when it is empty)."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
from pathlib import Path

from agent.config import DATA_DIR, Settings
from agent.formats.fountain import parse_fountain_bytes, screenplay_title
from agent.project import Project
from agent.project.screenplay import import_screenplay
from agent.web_guard import is_loopback, server_origins

__all__ = ["serve", "ensure_project", "is_loopback", "REPO_ROOT", "DEMO_SCREENPLAY"]

REPO_ROOT = Path(__file__).resolve().parent.parent
"""Where app.py and .chainlit/ live; Chainlit runs with this as its working directory."""
DEMO_SCREENPLAY = DATA_DIR / "demo.fountain"


def ensure_project(folder: Path, *, settings: Settings) -> bool:
    """Create a project from the demo screenplay unless ``folder`` already holds one; tell whether it did."""
    if Project.exists(folder):
        return False
    doc = parse_fountain_bytes(DEMO_SCREENPLAY.read_bytes())
    folder.mkdir(parents=True, exist_ok=True)
    project = Project.create(folder, name=screenplay_title(doc) or folder.resolve().name,
                             max_asset_bytes=settings.max_asset_bytes, database_url=settings.database_url)  # fmt: skip
    try:
        import_screenplay(project, doc, actor="user", source=DEMO_SCREENPLAY.name)
    finally:
        project.close()
    return True


def _chainlit() -> str:
    local = Path(sys.executable).with_name("chainlit")
    return str(local) if local.exists() else "chainlit"


def _child_env(project: Path, settings: Settings) -> dict[str, str]:
    """Return the UI process's environment: the security settings as this process read them (``.env`` included)."""
    env = dict(os.environ, REELSMITH_PROJECT=str(project), CHAINLIT_APP_ROOT=str(REPO_ROOT),
               REELSMITH_ALLOWED_ORIGINS=",".join(settings.allowed_origins))  # fmt: skip
    env.pop("REELSMITH_AUTH_PASSWORD", None)
    if settings.auth_password is not None:
        env["REELSMITH_AUTH_PASSWORD"] = settings.auth_password.get_secret_value()
        if not env.get("CHAINLIT_AUTH_SECRET"):
            env["CHAINLIT_AUTH_SECRET"] = secrets.token_urlsafe(48)
    return env


def serve(*, project: Path, host: str, port: int, settings: Settings, insecure: bool = False) -> int:
    """Run ``chainlit run app.py`` on ``project`` (created from the demo if needed); return its exit code.

    Binding beyond loopback without a password is refused (exit 2) unless ``insecure`` is given.
    """
    if settings.auth_password is None and not is_loopback(host):
        if not insecure:
            print(f"error: refusing to serve on {host} without a password: set REELSMITH_AUTH_PASSWORD "
                  "(or pass --insecure to let anyone who can reach it use it)", file=sys.stderr)  # fmt: skip
            return 2
        print(f"warning: serving on {host} without a password; anyone who can reach it can use it.",
              file=sys.stderr)  # fmt: skip
    project = project.resolve()
    if ensure_project(project, settings=settings):
        print(f"Created the demo project in {project}.", file=sys.stderr)
    env = _child_env(project, settings)
    cmd = [_chainlit(), "run", "app.py", "--host", host, "--port", str(port), "--headless"]
    origins = ", ".join([*server_origins(host, port), *settings.allowed_origins])
    print(f"Reelsmith on http://{host}:{port} (project {project}); web pages allowed to use it: {origins}",
          file=sys.stderr)  # fmt: skip
    return _run_ui(cmd, cwd=REPO_ROOT, env=env)


def _run_ui(cmd: list[str], *, cwd: Path, env: dict[str, str]) -> int:
    """Run the UI process until it exits; a stop signal to this process is passed on and waited for.

    Without this, a service manager's SIGTERM would end this process at once and leave Chainlit running
    (still holding the port) as an orphan.
    """
    child = subprocess.Popen(cmd, cwd=cwd, env=env)

    def pass_on(signum: int, _frame: object) -> None:
        child.send_signal(signum)

    previous = signal.signal(signal.SIGTERM, pass_on)
    try:
        return child.wait()
    except KeyboardInterrupt:  # Ctrl-C reaches the child too (same terminal group); let it finish
        child.wait()
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)
