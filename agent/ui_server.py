"""Start the Chainlit UI on a project folder (creating it from the demo screenplay when it is empty)."""

from __future__ import annotations

import ipaddress
import os
import secrets
import subprocess
import sys
from pathlib import Path

from agent.config import DATA_DIR, Settings
from agent.formats.fountain import parse_fountain_bytes
from agent.project import DB_NAME, Project
from agent.project.screenplay import import_screenplay, screenplay_title

__all__ = ["serve", "ensure_project", "is_loopback", "REPO_ROOT", "DEMO_SCREENPLAY"]

REPO_ROOT = Path(__file__).resolve().parent.parent
"""Where app.py and .chainlit/ live; Chainlit runs with this as its working directory."""
DEMO_SCREENPLAY = DATA_DIR / "demo.fountain"


def is_loopback(host: str) -> bool:
    """Tell whether ``host`` only listens on this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def ensure_project(folder: Path, *, settings: Settings) -> bool:
    """Create a project from the demo screenplay unless ``folder`` already holds one; tell whether it did."""
    if (folder / DB_NAME).exists():
        return False
    doc = parse_fountain_bytes(DEMO_SCREENPLAY.read_bytes())
    folder.mkdir(parents=True, exist_ok=True)
    project = Project.create(folder, name=screenplay_title(doc) or folder.resolve().name,
                             max_asset_bytes=settings.max_asset_bytes)  # fmt: skip
    try:
        import_screenplay(project, doc, actor="user", source=DEMO_SCREENPLAY.name)
    finally:
        project.close()
    return True


def _chainlit() -> str:
    local = Path(sys.executable).with_name("chainlit")
    return str(local) if local.exists() else "chainlit"


def serve(*, project: Path, host: str, port: int, settings: Settings) -> int:
    """Run ``chainlit run app.py`` on ``project`` (created from the demo if needed); return its exit code."""
    project = project.resolve()
    if ensure_project(project, settings=settings):
        print(f"Created the demo project in {project}.", file=sys.stderr)
    env = dict(os.environ, REELSMITH_PROJECT=str(project), CHAINLIT_APP_ROOT=str(REPO_ROOT))
    if settings.auth_password is None:
        if not is_loopback(host):
            print(f"warning: serving on {host} without a password; anyone who can reach it can use it. "
                  "Set REELSMITH_AUTH_PASSWORD.", file=sys.stderr)  # fmt: skip
    elif not env.get("CHAINLIT_AUTH_SECRET"):
        env["CHAINLIT_AUTH_SECRET"] = secrets.token_urlsafe(48)
    cmd = [_chainlit(), "run", "app.py", "--host", host, "--port", str(port), "--headless"]
    print(f"Reelsmith on http://{host}:{port} (project {project})", file=sys.stderr)
    try:
        return subprocess.call(cmd, cwd=REPO_ROOT, env=env)
    except KeyboardInterrupt:
        return 130
