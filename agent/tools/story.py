"""Writer tools: logline, outline and the screenplay's scenes."""

from __future__ import annotations

import re
from typing import Literal

from langchain_core.tools import BaseTool
from pydantic import BaseModel, Field

from agent.project import blocks, edits, impact, outline, screenplay, story
from agent.project.views import active_scenes, character_by_name, scene_by_number
from agent.resolver import SceneInfo, present_in
from agent.roles import names_a_person
from agent.tools.base import A_PERSON, ToolContext, make_tool
from agent.tools.generation import confirm
from agent.tools.outline import beat_line, outline_tools

__all__ = ["writer_tools"]

_UNDO = "Say 'undo' to revert."


def _article(name: str) -> str:
    """Return "An" before a vowel sound, else "A" (good enough for the names of props)."""
    return "An" if name.strip()[:1].lower() in "aeiou" else "A"


class LoglineArgs(BaseModel):
    logline: str | None = Field(None, description="One or two sentences: protagonist, goal, obstacle, stakes. "
                                                  "Leave out to keep the logline as it is and set only the premise.")
    premise: str | None = Field(None, description="Optional longer premise or pitch paragraph.")


class OutlineArgs(BaseModel):
    beats: list[str] = Field(description="The story beats in order, one sentence each (5-12 beats).")
    acts: Literal[3, 5] | None = Field(None, description="Spread the beats over 3 or 5 acts; default no acts.")


class WriteSceneArgs(BaseModel):
    heading: str = Field(description="Scene heading, e.g. 'INT. KITCHEN - NIGHT'.")
    content: str = Field(description="The scene body in Fountain: action, CHARACTER cues and dialogue.")
    after_scene: int | None = Field(None, description="Insert after this scene number; default at the end.")


class RewriteArgs(BaseModel):
    scene_number: int = Field(description="Which scene to rewrite (1-based).")
    direction: str = Field(description="How to change it, e.g. 'darker', 'funnier', 'shorter', 'more tense'.")
    content: str = Field(description="The complete new scene body in Fountain (no heading).")
    expected_version: int | None = Field(
        None,
        description="The scene version your new text is based on (show_scene gives it). If someone changed the "
        "scene since, nothing is written and you are told to read it again.",
    )


class SceneArgs(BaseModel):
    scene_number: int = Field(description="The scene number (1-based).")


class DeleteArgs(BaseModel):
    scene_number: int | None = Field(None, description="The scene to delete (1-based); leave out with every_scene.")
    every_scene: bool = Field(False, description="True to empty the whole screenplay (every scene, branches too: a "
                                                 "blank page), only when the person asks to throw all of it away.")


class PutArgs(BaseModel):
    name: str = Field(description="The character to bring into the scene (must be in the cast).")
    scene_number: int = Field(description="The scene.")
    line: str | None = Field(None, description="The action line that brings them in; default a short entrance.")


class PropArgs(BaseModel):
    name: str = Field(description="The prop (an object); it joins the props if it is new.")
    scene_number: int = Field(description="The scene it appears in.")
    line: str | None = Field(None, description="The action line that shows it; default a short line naming it.")


class MergeArgs(BaseModel):
    start_scene: int = Field(description="One of the two neighbouring scenes to merge.")
    end_scene: int | None = Field(None, description="The other one; default the scene after start_scene.")
    exact: bool = Field(False, description="True only when the person named both scenes by number or position "
                                           "(\"merge scenes 3 and 4\"); otherwise the merge is shown and asked first.")


class SplitArgs(BaseModel):
    scene_number: int = Field(description="The scene to split.")
    at_line: int | None = Field(
        None, description="Body line (1-based) where the second part starts; default the middle."
    )
    new_heading: str | None = Field(None, description="Heading of the second part; default the same place, later.")


class MoveArgs(BaseModel):
    scene_number: int = Field(description="The scene to move.")
    to_position: int = Field(description="The number it should have afterwards.")


class HeadingArgs(BaseModel):
    scene_number: int = Field(description="The scene whose heading changes.")
    time_of_day: str | None = Field(None, description="The new time of day (DAY, NIGHT, DAWN, DUSK, MORNING, ...).")
    setting: Literal["INT", "EXT", "INT/EXT"] | None = Field(None, description="Interior, exterior or both.")


class SwapArgs(BaseModel):
    first: int = Field(description="One scene to swap.")
    second: int = Field(description="The scene it trades places with.")


class BlockTagArgs(BaseModel):
    scene_number: int = Field(description="The scene the block is in.")
    tags: list[str] = Field(description="Tags to add: keep, love (protect the words), rewrite, hate (work to do), "
                                        "or any short free tag.")
    block_number: int | None = Field(None, description="The block (paragraph) by number, as show_scene lists them.")
    quote: str | None = Field(None, description="A few words of the block (a dialogue line or action paragraph).")
    remove: list[str] = Field(default_factory=list, description="Tags to remove from the block.")


class TagArgs(BaseModel):
    scene_number: int = Field(description="The scene to tag.")
    tags: list[str] = Field(default_factory=list,
                            description="Tags to add: keep, rewrite, love, hate, or any short free tag.")
    remove: list[str] = Field(default_factory=list, description="Tags to remove (give at least one of the two).")


def writer_tools(ctx: ToolContext) -> list[BaseTool]:  # noqa: C901 - the sum of small closures
    """Return the writer's tools bound to one project."""
    from agent.project.errors import ConflictError  # here, not at the top: keeps this change apart from others

    p, actor = ctx.project, "writer"

    def set_logline(logline: str | None = None, premise: str | None = None) -> str:
        """Create or revise the film's logline and/or its premise (a premise alone leaves the logline as it is)."""
        if not (logline or "").strip() and not (premise or "").strip():
            return "Error: give a logline or a premise to set; nothing was changed."
        story.set_ideation(p, logline=logline or None, premise=premise or None, actor=actor)
        if not (logline or "").strip():
            return f"Premise set: {(premise or '').strip()} The logline is unchanged. {_UNDO}"
        return f"Logline set: {(logline or '').strip()} {_UNDO}"

    def write_outline(beats: list[str], acts: Literal[3, 5] | None = None) -> str:
        """Write the outline as an ordered list of story beats, optionally in 3 or 5 acts (replaces the outline).

        Scenes written from a beat whose text changes are marked stale.
        """
        specs = [outline.BeatSpec(b.split(".")[0][:80], b) for b in beats]
        stale = outline.replace_outline(p, specs, actor=actor, acts=acts)
        in_acts = f" in {acts} acts" if acts else ""
        marked = f" {stale} scenes written from changed beats are marked stale." if stale else ""
        return f"Outline written with {len(beats)} beats{in_acts}.{marked} {_UNDO}"

    def write_scene(heading: str, content: str, after_scene: int | None = None) -> str:
        """Write a new scene and insert it into the screenplay."""
        number = story.add_scene(p, heading=heading, content=content, after=after_scene, actor=actor)
        return f"Wrote scene {number}: {heading.strip().upper()}. {_UNDO}"

    def rewrite_scene(scene_number: int, direction: str, content: str, expected_version: int | None = None) -> str:
        """Rewrite a scene in a given direction (darker, funnier, shorter...) as a new version.

        A scene tagged keep or love asks the person first. Blocks tagged keep or love stay word for word
        (put back if the new text drops them); the scene's rewrite/hate tags and stale marks are cleared.
        """
        summary = f"Rewrote scene {scene_number} ({direction})"
        with p.read() as s:
            current = scene_by_number(s, scene_number)
            if not content.strip():
                return (f"Error: the new text of scene {scene_number} is empty; nothing was rewritten (to remove "
                        "the scene, delete it).")
            kept_scene = [t for t in current.tags if t in blocks.PROTECTING_TAGS]
            restored = blocks.preserve_kept(current.content, content, current.block_tags)[1]
        if kept_scene and not confirm(f"Scene {scene_number} is tagged {' and '.join(kept_scene)}. Rewrite it "
                                      f"({direction}) anyway? Blocks tagged keep or love stay word for word."):
            return f"Kept scene {scene_number} as it is: nothing was rewritten."
        kept = (f" {restored} block{'s' if restored != 1 else ''} tagged keep or love stayed word for word."
                if restored else "")
        try:
            scene, changed = story.revise_scene(p, scene_number, content=content, actor=actor, action="rewrite_scene",
                                                summary=summary, expected_version=expected_version,
                                                settles=True)
        except ConflictError:
            assert expected_version is not None
            retry = _rebased_version(scene_number, expected_version)
            if retry is None:
                return _stale_rewrite(scene_number, expected_version)
            try:  # only tags or the heading moved on: the text the rewrite was based on is still current
                scene, changed = story.revise_scene(p, scene_number, content=content, actor=actor,
                                                    action="rewrite_scene", summary=summary,
                                                    expected_version=retry, settles=True)
            except ConflictError:
                return _stale_rewrite(scene_number, expected_version)
        if not changed:
            return f"Scene {scene_number} already reads like that (version {scene.version}); nothing changed."
        return (f"Rewrote scene {scene_number} ({direction}) as version {scene.version}; its shots are marked "
                f"stale.{kept} {_UNDO}")

    def _rebased_version(scene_number: int, based_on: int) -> int | None:
        """Return the current version if the scene's text is still the one of version ``based_on``, else None."""
        with p.read() as s:
            scene = scene_by_number(s, scene_number)
            old = story.content_at_version(s, scene.id, based_on)
            return scene.version if old is not None and old == scene.content else None

    def _stale_rewrite(scene_number: int, based_on: int) -> str:
        """Say, in one line, that the rewrite was built on text someone else has since replaced."""
        with p.read() as s:
            scene = scene_by_number(s, scene_number)
        return (f"Error: scene {scene_number} changed since you read version {based_on} (it is now version "
                f"{scene.version}, edited by someone else); nothing was written. Read it again with show_scene "
                f"and rewrite from its current text, or tell the person.")

    def show_scene(scene_number: int) -> str:
        """Show a scene's heading, version, tags, outline beat, tagged blocks and full text."""
        with p.read() as s:
            sc = scene_by_number(s, scene_number)
            tags = ", ".join(sc.tags) or "none"
            beats = outline.beats_in_order(s)
            beat = next((beat_line(i, b) for i, b in enumerate(beats, start=1) if b.id == sc.beat_id), None)
            tagged = [b for b in blocks.tagged_blocks(sc.content, sc.block_tags) if b.tags]
            extra = f"\nWritten from beat {beat}" if beat else ""
            for b in tagged:
                extra += f"\nBlock {b.number} ({b.kind}, {', '.join(b.tags)}): {b.text.splitlines()[0][:80]}"
            return (f"Scene {scene_number} (version {sc.version}, tags: {tags}){extra}\n{sc.heading}\n\n"
                    f"{sc.content}")

    def put_character_in_scene(name: str, scene_number: int, line: str | None = None) -> str:
        """Bring a cast member into a scene: a new version of the scene with a line introducing them."""
        for attempt in (1, 2):  # a write that lost a race re-reads the scene and tries once more
            with p.read() as s:
                who = character_by_name(s, name)
                scene = scene_by_number(s, scene_number)
            if present_in(who.name, SceneInfo(scene_number, scene.heading, scene.content)):
                return f"{who.name} is already in scene {scene_number}."  # speaking or in the action, not talked about
            entrance = (line or f"{who.name} is there, at the edge of things, watching.").strip()
            paragraphs = scene.content.split("\n\n")
            body = "\n\n".join([paragraphs[0], entrance, *paragraphs[1:]]) if scene.content else entrance
            try:
                updated = story.update_scene(p, scene_number, content=body, actor=actor,
                                             action="put_character_in_scene", expected_version=scene.version,
                                             summary=f"Put {who.name} in scene {scene_number}")
            except ConflictError:
                if attempt == 2:
                    return (f"Error: scene {scene_number} keeps changing under me (someone else is editing it); "
                            f"nothing was written. Ask the person to try again.")
                continue
            return f"Put {who.name} in scene {scene_number} (version {updated.version}). {_UNDO}"
        raise AssertionError("unreachable")

    def put_prop_in_scene(name: str, scene_number: int, line: str | None = None) -> str:
        """Put a prop (an object) into a scene: a new version of the scene with a line that shows it."""
        if names_a_person(name):
            return A_PERSON.format(name=name.strip())
        shown = (line or f"{_article(name)} {name.strip().upper()} sits in plain view.").strip()
        with p.read() as s:
            text = scene_by_number(s, scene_number).content
        already = re.search(rf"(?<![\w]){re.escape(name.strip())}(?![\w])", text, re.IGNORECASE)
        if already:
            return f"{name.strip().upper()} is already in scene {scene_number}; nothing changed."
        canonical, created, version = edits.place_prop(p, name, scene_number, shown, actor=actor)
        joined = f" {canonical} joins the props." if created else ""
        return f"Put {canonical} in scene {scene_number} (version {version}).{joined} {_UNDO}"

    def split_scene(scene_number: int, at_line: int | None = None, new_heading: str | None = None) -> str:
        """Split a scene in two at a body line (default: the paragraph nearest the middle)."""
        with p.read() as s:
            scene = scene_by_number(s, scene_number)
        lines = scene.content.split("\n")
        if at_line is None:
            starts = [i + 1 for i, line in enumerate(lines) if i > 0 and not lines[i - 1].strip() and line.strip()]
            at_line = min(starts, key=lambda i: abs(i - len(lines) / 2)) if starts else max(2, len(lines) // 2 + 1)
        heading = new_heading or f"{scene.heading.split(' - ')[0]} - LATER"
        n = story.split_scene(p, scene_number, at_line=at_line, heading=heading, actor=actor)
        return f"Split scene {scene_number}; the second part is now scene {n}. {_UNDO}"

    def merge_scenes(start_scene: int, end_scene: int | None = None, exact: bool = False) -> str:
        """Merge two neighbouring scenes into one (the later one is folded into the earlier).

        Asks first unless the person named both scenes exactly: a merge picked from a description is shown.
        """
        first = min(start_scene, end_scene or start_scene + 1)
        second = max(start_scene, end_scene or start_scene + 1)
        if second != first + 1:
            return f"Error: scenes {first} and {second} are not next to each other; move one first."
        with p.read() as s:
            headings = (scene_by_number(s, first).heading, scene_by_number(s, second).heading)
        if not exact and not confirm(f"This merges scene {second} ({headings[1]}) into scene {first} "
                                     f"({headings[0]}): one scene fewer. Merge them?"):
            return f"Kept scenes {first} and {second} apart: nothing was merged."
        story.merge_scenes(p, first, actor=actor)
        return f"Merged scenes {first} and {second}. {_UNDO}"

    def move_scene(scene_number: int, to_position: int) -> str:
        """Move a scene to another place in the screenplay (reorder)."""
        story.move_scene(p, scene_number, to_position, actor=actor)
        return f"Moved scene {scene_number} to position {to_position}. {_UNDO}"

    def set_scene_heading(scene_number: int, time_of_day: str | None = None, setting: str | None = None) -> str:
        """Change when or where a scene happens: its heading's time of day, or interior/exterior."""
        with p.read() as s:
            old = scene_by_number(s, scene_number).heading
        if time_of_day is None and setting is None:
            return "Error: say the new time of day (e.g. DAWN) or INT/EXT."
        heading = story.with_heading_parts(old, setting=setting, time_of_day=time_of_day)
        if heading == old:
            return f"Scene {scene_number} is already {old}; nothing changed."
        story.revise_scene(p, scene_number, heading=heading, actor=actor, action="set_scene_heading",
                           summary=f"Scene {scene_number}: {old} -> {heading}")
        return f"Scene {scene_number} is now {heading} (was {old}); its shots are marked stale. {_UNDO}"

    def swap_scenes(first: int, second: int) -> str:
        """Swap the places of two scenes in the screenplay (their text stays as it is)."""
        a, b = edits.swap_scenes(p, first, second, actor=actor)
        return f"Swapped scenes {first} and {second}: scene {first} is now {b}, scene {second} is {a}. {_UNDO}"

    def tag_scene(scene_number: int, tags: list[str] | None = None, remove: list[str] | None = None) -> str:
        """Tag a scene (keep, rewrite, love, hate or free tags), or remove tags."""
        if not tags and not remove:
            return "Error: say which tags to add or to remove."
        sc = story.tag_scene(p, scene_number, add=tags or [], remove=remove or [], actor=actor)
        return f"Scene {scene_number} tags: {', '.join(sc.tags) or 'none'}. {_UNDO}"

    def tag_block(scene_number: int, tags: list[str], block_number: int | None = None, quote: str | None = None,
                  remove: list[str] | None = None) -> str:
        """Tag one block of a scene: a dialogue line or an action paragraph, by its number or a few of its words.

        keep and love protect its words in every rewrite; rewrite and hate mark it as work to do.
        """
        b = story.tag_block(p, scene_number, block=block_number, quote=quote, add=tags, remove=remove or [],
                            actor=actor)
        first = b.text.splitlines()[0][:60]
        return (f"Scene {scene_number}, block {b.number} ({b.kind}: {first}) tags: {', '.join(b.tags) or 'none'}. "
                f"{_UNDO}")

    def delete_scene(scene_number: int | None = None, every_scene: bool = False) -> str:
        """Delete a scene with its shots. Asks the person first.

        every_scene empties the whole screenplay instead (a blank page to start again on), also asked first.
        """
        if every_scene:
            return _clear_all()
        if scene_number is None:
            return "Error: say which scene to delete (or every_scene to empty the whole screenplay)."
        with p.read() as s:
            heading = scene_by_number(s, scene_number).heading
            step = impact.of_delete_scene(s, scene_number)
        if step.must_ask and not confirm(step.sentence()):
            return f"Kept scene {scene_number}: nothing was deleted."
        story.delete_scene(p, scene_number, actor=actor)
        return f"Deleted scene {scene_number} ({heading}). {_UNDO}"

    def _clear_all() -> str:
        """Empty the screenplay once the person approves what goes (every scene, with its shots and media)."""
        with p.read() as s:
            count = len(active_scenes(s))
            step = impact.of_replace_screenplay(s, "a blank page")
        if not count:
            return "Error: the screenplay has no scenes; there is nothing to throw away."
        if not confirm(step.sentence()):
            return "Kept the screenplay as it is: nothing was deleted."
        cleared = screenplay.clear_screenplay(p, actor=actor)
        return f"Emptied the screenplay: {cleared} scenes went, the page is blank. {_UNDO}"

    return [
        make_tool(set_logline, name="set_logline", args_schema=LoglineArgs),
        make_tool(write_outline, name="write_outline", args_schema=OutlineArgs),
        make_tool(write_scene, name="write_scene", args_schema=WriteSceneArgs),
        make_tool(rewrite_scene, name="rewrite_scene", args_schema=RewriteArgs, needs_approval=True),
        make_tool(show_scene, name="show_scene", args_schema=SceneArgs, read_only=True),
        make_tool(put_character_in_scene, name="put_character_in_scene", args_schema=PutArgs),
        make_tool(put_prop_in_scene, name="put_prop_in_scene", args_schema=PropArgs),
        make_tool(split_scene, name="split_scene", args_schema=SplitArgs),
        make_tool(merge_scenes, name="merge_scenes", args_schema=MergeArgs, needs_approval=True),
        make_tool(move_scene, name="move_scene", args_schema=MoveArgs),
        make_tool(swap_scenes, name="swap_scenes", args_schema=SwapArgs),
        make_tool(set_scene_heading, name="set_scene_heading", args_schema=HeadingArgs),
        make_tool(tag_scene, name="tag_scene", args_schema=TagArgs),
        make_tool(tag_block, name="tag_block", args_schema=BlockTagArgs),
        make_tool(delete_scene, name="delete_scene", args_schema=DeleteArgs, needs_approval=True),
        *outline_tools(ctx),
    ]
