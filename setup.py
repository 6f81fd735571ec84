"""Build hook: ship the Chainlit front end inside the ``agent`` package of a wheel.

Everything else is declared in pyproject.toml. The UI files (``app.py``, ``chainlit.md``,
``.chainlit/config.toml``, ``public/``) stay at the repository root, where ``chainlit run`` and the
editable install use them; a built wheel carries a copy under ``agent/ui_root/`` so ``reelsmith serve``
works from ``pip install .``, a wheel or ``pipx install .`` (see ``agent.ui_server.app_root``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
UI_FILES = ("app.py", "chainlit.md", ".chainlit/config.toml")
UI_FOLDERS = ("public",)
DATA_FOLDER = "data"
"""Shipped data (demo, lexicons, names, prices): read from the checkout's data/, or agent/data in a wheel."""


def ui_sources() -> list[Path]:
    """Return the UI files to ship, relative to the repository root (translations are generated, not shipped)."""
    files = [Path(name) for name in UI_FILES]
    for folder in UI_FOLDERS:
        files += sorted(p.relative_to(ROOT) for p in (ROOT / folder).rglob("*") if p.is_file())
    return files


class BuildPyWithUI(build_py):
    """Copy the UI files into ``agent/ui_root`` of the build (a wheel); an editable install reads the root."""

    def run(self) -> None:
        """Build the packages, then add the UI files beside them."""
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "agent" / "ui_root"
        for rel in ui_sources():
            source = ROOT / rel
            if not source.is_file():
                raise FileNotFoundError(f"the UI file {rel} is missing from the source tree")
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target / rel)
        shipped = Path(self.build_lib) / "agent" / "data"
        for source in sorted((ROOT / DATA_FOLDER).rglob("*")):
            if source.is_file():
                (shipped / source.relative_to(ROOT / DATA_FOLDER)).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, shipped / source.relative_to(ROOT / DATA_FOLDER))


setup(cmdclass={"build_py": BuildPyWithUI})
