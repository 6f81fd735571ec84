"""A user's new project: checked title, a folder of its own under the projects root, made and owned in one step.

The folder is ``<projects root>/<user>+<slug of the title>``: a ``+`` never appears in a user name, so it can
never be another user's own folder (``<root>/<user>``), and the picker shows it by its slug alone.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from agent.accounts import AccountError, Accounts, ProjectRef
from agent.config import Settings
from agent.intake import create_from_fountain
from agent.ui_server import DEMO_SCREENPLAY

__all__ = ["MAX_TITLE", "create_project", "project_slug"]

MAX_TITLE = 60
"""Longest title a new project may have, in characters."""


def project_slug(title: str) -> str:
    """Return the folder name a title gives (lower-case words joined by '-'); refuse a bad title in one line."""
    title = title.strip()
    if not title:
        raise AccountError("give the new project a title")
    if len(title) > MAX_TITLE:
        raise AccountError(f"that title has {len(title)} characters; a project's title has at most {MAX_TITLE}")
    if any(ord(c) < 32 or ord(c) == 127 for c in title):
        raise AccountError("a project's title is one line of plain text")
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    if not slug:
        raise AccountError("a project's title needs at least one letter or digit (a-z, 0-9)")
    return slug


def create_project(accounts: Accounts, user: str, title: str, *, settings: Settings,
                   screenplay: Path | None = None) -> ProjectRef:
    """Make a project for ``user`` from ``screenplay`` (else the demo), named ``title``, and record them as owner.

    Raises:
        AccountError: a bad or duplicate title, or an unknown user (one line; nothing is made).
        FountainError: the screenplay cannot be read (one line; nothing is made).
    """
    slug = project_slug(title)
    if not accounts.is_user(user):
        raise AccountError(f"there is no user named {user}")
    if any(r.name == slug for r in accounts.projects_of(user) if not r.shared):
        raise AccountError(f"you already have a project called {slug}")
    folder = accounts.projects_root / f"{user}+{slug}"
    if folder.exists():
        raise AccountError(f"you already have a project called {slug}")
    folder.parent.mkdir(parents=True, exist_ok=True)
    try:
        create_from_fountain(folder, screenplay or DEMO_SCREENPLAY, settings=settings, name=title.strip())
    except FileExistsError:  # made by another chat of the same user a moment ago
        raise AccountError(f"you already have a project called {slug}") from None
    try:
        return accounts.claim(folder, user)
    except AccountError:  # the user was removed meanwhile: leave nothing behind
        shutil.rmtree(folder, ignore_errors=True)
        raise
