"""Tools every specialist has: history (undo, restore, compare, branch), stale items, search, overview."""

from __future__ import annotations

from langchain_core.tools import BaseTool
from pydantic import BaseModel, Field
from sqlalchemy import select

from agent.project import history, impact
from agent.project.asset_search import LookQuery, find_assets, parse_look
from agent.project.schema import Asset, Scene
from agent.project.stale_view import stale_entries, stale_lines
from agent.project.transcripts import find_spoken, spoken_phrase
from agent.project.views import active_scenes, scene_by_number
from agent.tools.base import ToolContext, ToolResult, make_tool, thread_of_run
from agent.tools.camera import breakdown_of
from agent.tools.generation import confirm
from agent.tools.produce import regenerate_stale

__all__ = ["shared_tools", "NoArgs"]

class NoArgs(BaseModel):
    """No arguments."""


class UndoArgs(BaseModel):
    steps: int = Field(1, description="How many changes to undo (default 1).")


class RedoArgs(BaseModel):
    steps: int = Field(1, description="How many undone changes to bring back (default 1).")


class VersionArgs(BaseModel):
    scene_number: int = Field(description="The scene.")
    version: int = Field(description="The version to bring back.")


class CompareArgs(BaseModel):
    scene_number: int = Field(description="The scene.")
    from_version: int = Field(description="Older version.")
    to_version: int | None = Field(None, description="Newer version; default the current one.")


class BranchArgs(BaseModel):
    branch_name: str = Field(description="Name of the alternative, e.g. 'alt-ending'.")
    start_scene: int | None = Field(None, description="First scene of the alternative run; default scene 1.")
    end_scene: int | None = Field(None, description="Last scene of the alternative run; default the last scene.")


class SwitchArgs(BaseModel):
    branch_name: str = Field(description="Branch to make active ('main' for the main line).")


class RenameBranchArgs(BaseModel):
    branch_name: str = Field(description="The branch to rename, as it is called now.")
    new_name: str = Field(description="Its new name, e.g. 'night-cut'.")


class SearchArgs(BaseModel):
    query: str = Field(description="What the asset shows, in words.")


def looks_like(ctx: ToolContext, look: LookQuery) -> tuple[str, set[int]]:
    """Describe the assets whose measurements fit a look query (colour, tone, light, shape, length) and their ids."""
    with ctx.project.read() as s:
        found = find_assets(s, look, limit=5)
    asked = " ".join(look.words) or "that"
    bounds = [f"at least {look.min_duration_s:g} s" if look.min_duration_s is not None else "",
              f"at most {look.max_duration_s:g} s" if look.max_duration_s is not None else ""]
    asked = ", ".join(x for x in [asked, *bounds] if x)
    if not found:
        return f"No asset measures as {asked}.", set()
    lines = []
    for item in found:
        facts = [str(item["kind"])]
        if item.get("colours"):
            facts.append("/".join(item["colours"]))
        facts += [str(item[k]) for k in ("tone", "light") if item.get(k) not in (None, "neutral", "mid")]
        if item.get("duration_s"):
            facts.append(f"{item['duration_s']:.1f} s")
        lines.append(f"asset {item['id']} ({', '.join(facts)}): {item['description'][:100]}")
    return f"Assets that measure as {asked}:\n" + "\n".join(lines), {int(item["id"]) for item in found}


def said_in(ctx: ToolContext, query: str) -> tuple[str, set[int]]:
    """Describe the assets whose transcript says a search's quoted words (or what follows 'says'), and their ids."""
    phrase = spoken_phrase(query)
    if phrase is None:
        return "", set()
    with ctx.project.read() as s:
        found = find_spoken(s, phrase, limit=5)
    if not found:
        return f'No transcript says "{phrase}".', set()
    lines = [f"asset {item['id']} ({item['kind']}" + (f", at {item['at_s']:.1f} s" if item["at_s"] is not None else "")
             + f"): {item['transcript'][:100]}" for item in found]
    return f'Assets that say "{phrase}":\n' + "\n".join(lines), {int(item["id"]) for item in found}


def shared_tools(ctx: ToolContext, actor: str) -> list[BaseTool]:  # noqa: C901 - the sum of small closures
    """Return the history/overview tools, recorded under ``actor``."""
    p = ctx.project

    def undo(steps: int = 1) -> str:
        """Undo this conversation's last change (or the last N changes); 'redo' brings it back.

        Asks the person first when the undo would remove or replace more than one scene or any approved
        asset, when it would undo work made outside this conversation (another chat, the command line,
        the screenplay import), or for more than two steps; the question says exactly what would go.
        """
        thread = thread_of_run()
        with p.read() as s:
            targets = history.undoable(s, steps) if 1 <= steps <= 100 else []
            own = history.undoable(s, 1, thread=thread) if thread is not None else targets
            step = impact.of_changes(s, targets, thread=thread, own=own) if targets else None
        if step is None:
            history.undo(p, steps=steps, actor=actor)  # raises the one-line reason (bad steps, nothing to undo)
            return "Error: there is nothing to undo."
        if step.must_ask and not confirm(step.sentence()):
            return "Kept everything: nothing was undone."
        done = history.undo(p, steps=steps, actor=actor, expect=step.change_ids)
        what = f" ({step.what()})" if step.touches() else ""
        return f"Undid: {'; '.join(done)}{what}. Say 'redo' to bring it back."

    def redo(steps: int = 1) -> str:
        """Redo: bring back exactly what the last undo took back (or the last N undos).

        Only undos since the last new change can be redone. Asks first by the same rule as undo.
        """
        thread = thread_of_run()
        with p.read() as s:
            targets = history.redoable(s, steps) if 1 <= steps <= 100 else []
            step = impact.of_changes(s, targets, verb="redoes", thread=thread) if targets else None
        if step is None:
            history.redo(p, steps=steps, actor=actor)  # raises the one-line reason
            return "Error: there is nothing to redo."
        if step.must_ask and not confirm(step.sentence()):
            return "Kept everything: nothing was redone."
        done = history.redo(p, steps=steps, actor=actor, expect=step.change_ids)
        what = f" ({step.what()})" if step.touches() else ""
        return f"Redid: {'; '.join(done)}{what}. Say 'undo' to take it back again."

    def restore_version(scene_number: int, version: int) -> str:
        """Bring a scene back to an earlier version (recorded as a new version). Asks first."""
        with p.read() as s:
            current = scene_by_number(s, scene_number).version
            if version >= current:
                return f"Error: scene {scene_number} is at version {current}; pick an earlier version."
            step = impact.of_restore(s, scene_number, version)
            scene_id = scene_by_number(s, scene_number).id
        if step.must_ask and not confirm(step.sentence()):
            return f"Kept scene {scene_number} at version {current}."
        new = history.restore(p, "scene", scene_id, version, actor=actor)
        return f"Scene {scene_number} now has the text of version {version}, as version {new}. Say 'undo' to revert."

    def compare_versions(scene_number: int, from_version: int, to_version: int | None = None) -> str:
        """Show the differences between two versions of a scene."""
        with p.read() as s:
            scene = scene_by_number(s, scene_number)
            return history.diff_versions(s, "scene", scene.id, from_version, to_version or scene.version)

    def create_branch(branch_name: str, start_scene: int | None = None, end_scene: int | None = None) -> str:
        """Copy a run of scenes (default: all) as a named alternative (e.g. a new ending) and switch to it."""
        if end_scene is None:
            with p.read() as s:
                end_scene = len(active_scenes(s))
        start_scene = start_scene or 1
        name = history.create_branch(p, branch_name, start_scene, end_scene, actor=actor)
        return f"Created branch {name} from scenes {start_scene}-{end_scene} and switched to it; main is intact."

    def switch_branch(branch_name: str) -> str:
        """Switch the active screenplay to another branch ('main' for the main line); the other stays intact.

        Asks first when more than one scene (or any scene with approved media) would leave the screenplay.
        """
        with p.read() as s:
            step = impact.of_switch_branch(s, branch_name)
        if step.must_ask and not confirm(step.sentence()):
            return "Kept the current branch: nothing was switched."
        name = history.switch_branch(p, branch_name, actor=actor)
        return f"Now on branch {name}."

    def rename_branch(branch_name: str, new_name: str) -> str:
        """Give a branch a new name; its scenes, and the branch in use, stay as they were."""
        name = history.rename_branch(p, branch_name, new_name, actor=actor)
        return f"Renamed branch {branch_name} to {name}. Say 'undo' to revert."

    def list_stale_items() -> str:
        """List what must be regenerated because something it depends on changed."""
        with p.read() as s:
            items = stale_entries(s)
        if not items:
            return "Nothing is stale."
        return f"{len(items)} stale items:\n" + "\n".join(stale_lines(items))

    def regenerate_all_stale() -> ToolResult:
        """Regenerate every stale still (asks first, then one approval for the batch).

        A rewritten scene's shot cards are rebuilt from its new text first: shots whose action still stands keep
        their card and approved media, new action gets new shots.
        """
        return regenerate_stale(ctx, actor=actor, breakdown=breakdown_of)

    def search_assets(query: str) -> str:
        """Search the asset library by meaning (stills, clips, voice), and by what audio and video say.

        Also by how assets measure: colour names, warm or cool, dark or bright, portrait or landscape, and
        length ("a warm orange still", "clips longer than 3 seconds").
        """
        look = parse_look(query)
        measured, shown = (looks_like(ctx, look) if look.asks_look() else ("", set()))
        spoken, heard = said_in(ctx, query)
        measured, shown = "\n".join(x for x in (spoken, measured) if x), shown | heard
        matches = [m for m in ctx.index.search(query, k=5) if int(m.id) not in shown]
        if not matches:
            return measured or "No assets match."
        with p.read() as s:
            rows = {a.id: a for a in s.scalars(select(Asset).where(Asset.id.in_([int(m.id) for m in matches])))}
        by_meaning = "\n".join(f"asset {m.id} ({rows[int(m.id)].kind}, {m.similarity:.0%}): {m.description[:100]}"
                                for m in matches if int(m.id) in rows)
        return f"{measured}\nClosest by meaning:\n{by_meaning}" if measured else by_meaning

    def show_history() -> str:
        """List the latest changes (who did what)."""
        with p.read() as s:
            rows = history.list_changes(s, limit=15)
        return "\n".join(f"#{c.id} {c.actor}: {c.summary}{' (undone)' if c.undone else ''}" for c in rows)

    _ = Scene  # scenes are addressed by number everywhere above
    return [
        make_tool(undo, name="undo", args_schema=UndoArgs),
        make_tool(redo, name="redo", args_schema=RedoArgs),
        make_tool(restore_version, name="restore_version", args_schema=VersionArgs, needs_approval=True),
        make_tool(compare_versions, name="compare_versions", args_schema=CompareArgs, read_only=True),
        make_tool(create_branch, name="create_branch", args_schema=BranchArgs),
        make_tool(switch_branch, name="switch_branch", args_schema=SwitchArgs),
        make_tool(rename_branch, name="rename_branch", args_schema=RenameBranchArgs),
        make_tool(list_stale_items, name="list_stale", args_schema=NoArgs, read_only=True),
        make_tool(regenerate_all_stale, name="regenerate_stale", args_schema=NoArgs, needs_approval=True),
        make_tool(search_assets, name="search_assets", args_schema=SearchArgs, read_only=True),
        make_tool(show_history, name="show_history", args_schema=NoArgs, read_only=True),
    ]
