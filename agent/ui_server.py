"""Start the Chainlit UI on a project folder (creating it from the demo screenplay when it is empty)."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
from pathlib import Path

from agent.accounts import accounts_in_use
from agent.config import DATA_DIR, Settings
from agent.intake import create_from_fountain, project_exists
from agent.web_guard import is_loopback, server_origins

__all__ = ["serve", "ensure_project", "is_loopback", "app_root", "REPO_ROOT", "SHIPPED_UI", "DEMO_SCREENPLAY"]

REPO_ROOT = Path(__file__).resolve().parent.parent
"""A checkout's root: where app.py, chainlit.md, .chainlit/ and public/ live in the source tree."""
SHIPPED_UI = Path(__file__).resolve().parent / "ui_root"
"""The same UI files inside an installed wheel (setup.py copies them there at build time)."""
DEMO_SCREENPLAY = DATA_DIR / "demo.fountain"


def _sync_tree(source: Path, target: Path) -> None:
    """Copy every file of ``source`` into ``target`` whose bytes differ (an upgrade refreshes the copy)."""
    for path in sorted(source.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        dest = target / path.relative_to(source)
        data = path.read_bytes()
        if not dest.is_file() or dest.read_bytes() != data:
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(data)


def app_root(home: Path, *, checkout: Path | None = None, shipped: Path | None = None) -> Path:
    """Return the folder Chainlit runs in: the checkout's root, else a copy of the UI the wheel shipped.

    Chainlit writes into its app root (``.chainlit/translations``, ``.files``), and an installed package's
    folder may be read-only (a system or container install), so a wheel's UI is copied under ``home/ui``.

    Raises:
        FileNotFoundError: neither a checkout nor the installed package holds the UI (one line).
    """
    checkout = REPO_ROOT if checkout is None else checkout
    shipped = SHIPPED_UI if shipped is None else shipped
    if (checkout / "app.py").is_file() and (checkout / ".chainlit" / "config.toml").is_file():
        return checkout
    if not (shipped / "app.py").is_file():
        raise FileNotFoundError(f"the Chainlit app is missing: no app.py in {checkout} or {shipped} "
                                "(reinstall Reelsmith from a wheel or run it from a checkout)")
    target = home / "ui"
    _sync_tree(shipped, target)
    return target


def ensure_project(folder: Path, *, settings: Settings) -> bool:
    """Create a project from the demo screenplay unless ``folder`` already holds one; tell whether it did."""
    if project_exists(folder):
        return False
    # In place: the folder may be a server's mounted volume (a rename onto it would fail).
    create_from_fountain(folder, DEMO_SCREENPLAY, settings=settings, staged=False)
    return True


def _chainlit() -> list[str]:
    # This interpreter's Chainlit, not a `chainlit` script on PATH (a pipx or wheel install may put none there).
    return [sys.executable, "-m", "chainlit"]


def _child_env(project: Path, settings: Settings, root: Path) -> dict[str, str]:
    """Return the UI process's environment: the security settings as this process read them (``.env`` included)."""
    env = dict(os.environ, REELSMITH_PROJECT=str(project), CHAINLIT_APP_ROOT=str(root),
               REELSMITH_ALLOWED_ORIGINS=",".join(settings.allowed_origins))
    if settings.accounts_database_url:  # the UI process must see the accounts this one saw (.env included)
        env["REELSMITH_ACCOUNTS_DATABASE_URL"] = settings.accounts_database_url
    if settings.projects_root is not None:
        env["REELSMITH_PROJECTS_ROOT"] = str(settings.projects_root)
    env.pop("REELSMITH_AUTH_PASSWORD", None)
    if settings.auth_password is not None:
        env["REELSMITH_AUTH_PASSWORD"] = settings.auth_password.get_secret_value()
        if not env.get("CHAINLIT_AUTH_SECRET"):
            env["CHAINLIT_AUTH_SECRET"] = secrets.token_urlsafe(48)
    return env


def serve(*, project: Path, host: str, port: int, settings: Settings, insecure: bool = False) -> int:
    """Run ``chainlit run app.py`` on ``project`` (created from the demo if needed); return its exit code.

    Binding beyond loopback without a password or accounts is refused (exit 2) unless ``insecure`` is given.
    """
    if settings.auth_password is None and accounts_in_use(settings) is None and not is_loopback(host):
        if not insecure:
            print(f"error: refusing to serve on {host} without a password: set REELSMITH_AUTH_PASSWORD, add a user "
                  "(reelsmith user add NAME) "
                  "(or pass --insecure to let anyone who can reach it use it)", file=sys.stderr)
            return 2
        print(f"warning: serving on {host} without a password; anyone who can reach it can use it.",
              file=sys.stderr)
    project = project.resolve()
    try:
        root = app_root(settings.home.expanduser())
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if ensure_project(project, settings=settings):
        print(f"Created the demo project in {project}.", file=sys.stderr)
    env = _child_env(project, settings, root)
    cmd = [*_chainlit(), "run", "app.py", "--host", host, "--port", str(port), "--headless"]
    origins = ", ".join([*server_origins(host, port), *settings.allowed_origins])
    print(f"Reelsmith on http://{host}:{port} (project {project}); web pages allowed to use it: {origins}",
          file=sys.stderr)
    return _run_ui(cmd, cwd=root, env=env)


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
