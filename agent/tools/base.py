"""What every tool shares: the context it works on, the error contract and the tool factory."""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from langchain_core.tools import BaseTool, StructuredTool
from pydantic import BaseModel

from agent.config import Settings
from agent.project import Project, ProjectError
from agent.project.changes import recording_thread
from agent.project.head_cache import HeadCache
from agent.redaction import redact, register_secrets

if TYPE_CHECKING:  # built lazily (first use), so a tool module's import stays light
    from agent.generators import Generators
    from agent.index import AssetIndex

__all__ = ["A_PERSON", "ToolContext", "JobsPort", "make_tool", "EXPECTED_ERRORS", "ToolResult", "listed",
           "thread_of_run"]

_T = TypeVar("_T")


class JobsPort(Protocol):
    """How a tool hands long work to the job queue (the session provides it when jobs are on)."""

    def find(self, kind: str, args: dict[str, Any]) -> dict[str, Any] | None:
        """Return the job already made for this request (live, waiting or done), or None."""
        ...

    def start(self, kind: str, args: dict[str, Any]) -> dict[str, Any]:
        """Start a job for the running conversation (the same request again is the same job)."""
        ...


@dataclass
class ToolContext:
    """The project a conversation works on, plus lazily built generators and asset index."""

    project: Project
    settings: Settings
    _generators: Generators | None = field(default=None, repr=False)
    _index: AssetIndex | None = field(default=None, repr=False)
    jobs: JobsPort | None = field(default=None, repr=False)
    """Set when long work runs as jobs (a server, or a Redis queue); None runs it inside the turn."""
    reads: HeadCache | None = field(default=None, repr=False)
    """The session's read results kept per history head (shared with the graph's context), or None: read afresh."""

    def __post_init__(self) -> None:
        register_secrets(self.settings)  # tool errors are redacted against these keys (make_tool)

    @property
    def generators(self) -> Generators:
        """Return the image/video/voice generators for these settings (built on first use)."""
        if self._generators is None:
            from agent.generators import generators_for  # deferred: provider clients load on use

            self._generators = generators_for(self.settings)
        return self._generators

    @property
    def index(self) -> AssetIndex:
        """Return the project's asset index (opened on first use)."""
        if self._index is None:
            from agent.index import open_project_index  # deferred: onnxruntime and Chroma load on use

            self._index = open_project_index(self.project, self.settings)  # a Chroma server when one is set
        return self._index

    def read_once(self, key: Hashable, compute: Callable[[], _T]) -> _T:
        """Return ``compute()``, kept until the project's history head moves when the session shares its cache.

        Only for reads that history fully decides (not the ledger) and values callers never change.
        """
        return compute() if self.reads is None else self.reads.get(key, compute)

    def close(self) -> None:
        """Close what this context opened (the asset index); the project belongs to whoever opened it."""
        if self._index is not None:
            self._index.close()
            self._index = None


def _expected_errors() -> tuple[type[BaseException], ...]:
    from agent.assets import AssetStoreError  # deferred: kept with the code that writes files
    from agent.generators import BudgetExceeded, GenerationError  # deferred: provider clients load on use

    errors: list[type[BaseException]] = [ProjectError, GenerationError, BudgetExceeded, AssetStoreError]
    try:
        from agent.formats.errors import FountainError  # deferred: parsers load on use

        errors.append(FountainError)
    except ImportError:  # pragma: no cover - formats is part of the package
        pass
    try:
        from agent.media import RenderError  # deferred: moviepy and the renderer load on use

        errors.append(RenderError)
    except ImportError:  # pragma: no cover
        pass
    return tuple(errors)


EXPECTED_ERRORS = _expected_errors()


def listed(items: Sequence[object]) -> str:
    """Say items as a list in a reply ("2", "2 and 4", "1, 2 and 4")."""
    said = [str(item) for item in items]
    return said[0] if len(said) == 1 else f"{', '.join(said[:-1])} and {said[-1]}"


def thread_of_run() -> str | None:
    """Return the conversation (LangGraph thread id) a tool runs in, or None outside a graph run."""
    from langgraph.config import get_config

    try:
        config = get_config()
    except RuntimeError:  # called outside a running graph (scripts, unit tests)
        return None
    thread = (config.get("configurable") or {}).get("thread_id")
    return str(thread) if thread is not None else None


@dataclass
class ToolResult:
    """A tool's answer for the model, with an optional artifact (preview) for the UI."""

    text: str
    artifact: dict[str, Any] | None = None


def make_tool(
    fn: Callable[..., str | ToolResult],
    *,
    name: str,
    args_schema: type[BaseModel],
    needs_approval: bool = False,
    read_only: bool = False,
) -> BaseTool:
    """Wrap ``fn`` as a LangChain tool whose expected failures come back as ``Error: ...``.

    Only the project's expected errors are caught: an interrupt (GraphInterrupt) must pass through.
    The docstring of ``fn`` is the tool description the model reads. ``read_only`` tools change nothing
    (questions may only be answered with them). Every change the tool makes is recorded with the
    conversation it runs in (undo is per conversation).
    """

    @functools.wraps(fn)
    def run(**kwargs: Any) -> tuple[str, dict[str, Any] | None]:
        try:
            with recording_thread(thread_of_run()):
                out = fn(**kwargs)
        except EXPECTED_ERRORS as exc:
            # The text goes to the model, the UI and the checkpoint; the class lets the write API pick a status.
            return f"Error: {redact(exc)}", {"error_type": type(exc).__name__}
        if isinstance(out, ToolResult):
            return out.text, out.artifact
        return out, None

    return StructuredTool.from_function(
        func=run,
        name=name,
        description=(fn.__doc__ or name).strip(),
        args_schema=args_schema,
        response_format="content_and_artifact",
        metadata={"needs_approval": needs_approval, "read_only": read_only},
    )


A_PERSON = ("Error: {name} is a person, not an object: add them to the cast (add_character), then put them in the "
            "scene (put_character_in_scene). Nothing was added.")
"""What a prop tool answers when asked to make a person a prop ("a porter")."""
