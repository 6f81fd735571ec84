"""Import app.py for tests: once per process, with Chainlit's app root in a temp folder (the repo is not written)."""

from __future__ import annotations

import importlib.util
import os
import sys
import tempfile
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parent.parent


def load_app() -> ModuleType:
    """Return app.py as the module ``reelsmith_app`` (importing chainlit writes .chainlit/ and .files/)."""
    if "reelsmith_app" in sys.modules:
        return sys.modules["reelsmith_app"]
    saved = {key: os.environ.get(key) for key in ("CHAINLIT_APP_ROOT", "DATABASE_URL")}
    os.environ["CHAINLIT_APP_ROOT"] = tempfile.mkdtemp(prefix="chainlit-root-")
    os.environ.pop("DATABASE_URL", None)
    try:
        spec = importlib.util.spec_from_file_location("reelsmith_app", REPO / "app.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["reelsmith_app"] = module
        spec.loader.exec_module(module)
        return module
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
