"""Write-then-rename: a render never leaves a broken file under the name asked for."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from agent.media.timeline import RenderError

__all__ = ["WORK_DIR_MARK", "atomic_output", "check_video_out", "partial_path", "work_dir"]

_VIDEO_SUFFIXES = {".mp4", ".m4v", ".mov"}
_STALE_AFTER_S = 15 * 60
"""A partial file untouched this long was left by a killed render (a live one writes continually)."""


WORK_DIR_MARK = ".partial-work-"
"""In the name of a render's scratch folder, so ``doctor`` recognises one a killed render left behind."""


@contextlib.contextmanager
def work_dir(root: Path, name: str) -> Iterator[Path]:
    """Yield a hidden scratch folder under ``root`` (the project's exports/, never /tmp); remove it afterwards.

    A render killed mid-way leaves it where ``doctor`` sees it (and ``doctor --repair`` removes it), instead
    of in a system temp folder nobody looks at.
    """
    if not root.is_dir():
        raise RenderError(f"Output folder does not exist: {root}")
    path = Path(tempfile.mkdtemp(prefix=f".{name}{WORK_DIR_MARK}", dir=root))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def partial_path(out: Path) -> Path:
    """Name a hidden temp file beside `out` (same folder, so the final rename is atomic)."""
    return out.parent / f".{out.stem}.partial-{secrets.token_hex(4)}{out.suffix}"


def check_video_out(out: Path) -> None:
    """Refuse an output name that is not an MP4 (the encoders and players expect one)."""
    if out.suffix.lower() not in _VIDEO_SUFFIXES:
        raise RenderError(f"Output must be an .mp4 file, not '{out.name}'.")


def _sweep_stale(out: Path) -> None:
    """Delete partial files of `out` left behind by renders that were killed (SIGKILL skips cleanup)."""
    cutoff = time.time() - _STALE_AFTER_S
    for leftover in out.parent.glob(f".{out.stem}.partial-*{out.suffix}"):
        with contextlib.suppress(OSError):
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()


@contextlib.contextmanager
def atomic_output(out: Path) -> Iterator[Path]:
    """Yield a temp path beside `out`; rename it onto `out` on success, delete it on any failure.

    BaseException is caught on purpose: Ctrl-C or a cancelled task must not leave the partial file.
    """
    if out.is_dir():
        raise RenderError(f"Output path is a folder: {out}")
    if not out.parent.is_dir():
        raise RenderError(f"Output folder does not exist: {out.parent}")
    _sweep_stale(out)
    temp = partial_path(out)
    try:
        yield temp
        if not temp.is_file() or temp.stat().st_size == 0:
            raise RenderError(f"The render produced no output for {out.name}.")
        os.replace(temp, out)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
