"""The tool context of a chat session: the running turn's settings, and generators per draft mode.

Apart from ``agent.session`` so that module loads no tools (and no LangGraph) until a chat opens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from agent.config import Settings
from agent.graphs import turn_settings
from agent.project import Project
from agent.tools import ToolContext

if TYPE_CHECKING:
    from agent.generators import Generators

__all__ = ["CallContext"]


class CallContext(ToolContext):
    """A tool context whose settings are the running turn's (its runtime context), so one graph serves every chat."""

    def __init__(self, project: Project, settings: Settings) -> None:
        super().__init__(project=project, settings=settings)
        self._by_draft: dict[bool, Generators] = {}

    @property  # type: ignore[override]
    def settings(self) -> Settings:
        """Return the running turn's settings, else the operator's."""
        return turn_settings() or self._base

    @settings.setter
    def settings(self, value: Settings) -> None:
        self._base = value

    @property
    def generators(self) -> Generators:
        """Return the generators for the running turn's draft mode (built once per mode)."""
        from agent.generators import generators_for  # deferred: the providers load only when something is generated

        settings = self.settings
        if settings.draft not in self._by_draft:
            self._by_draft[settings.draft] = generators_for(settings)
        return self._by_draft[settings.draft]
