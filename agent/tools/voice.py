"""A scene's voice: its dialogue lines, each held as one take under the shot that shows its speaker.

The lines, their targets and their request hashes are worked out here once, so a turn without jobs, a
voice job's steps and the job's delivery into its thread make (or find, by request hash) the same takes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import select

from agent.generators import VoiceRequest, check_budget
from agent.project import library, lifecycle
from agent.project.errors import InvalidInputError
from agent.project.schema import Character
from agent.project.views import scene_by_number, shots_of_scene
from agent.tools.base import ToolContext, ToolResult
from agent.tools.generation import ask, durable, index_port, preview_of, progress

__all__ = ["MAX_LINES", "VoiceLine", "voice_lines", "undecided", "voice_take", "produce_voice"]

MAX_LINES = 40
"""Lines recorded per request: a scene's first 40 (a longer one is recorded line by line)."""


@dataclass(frozen=True)
class VoiceLine:
    """One line to record: its place in the scene's dialogue, who says what, and where its take goes."""

    number: int
    """1-based among the scene's dialogue lines (what "line 2 of scene 3" means)."""
    character: str
    text: str
    voice_id: str | None
    target: tuple[str, int]
    """The shot that shows the speaker (else the next shot, else the scene) the take is linked to."""
    profile: str = ""
    """The character's voice in words ("low and dry"), for generators that read it."""

    def request(self) -> VoiceRequest:
        """Return the generator request for this line."""
        return VoiceRequest(text=self.text[:5000], character=self.character, voice_id=self.voice_id,
                            profile=self.profile)

    def as_dict(self) -> dict[str, Any]:
        """Return the line as plain data (a job keeps the lines it was asked to record)."""
        return {"number": self.number, "character": self.character, "text": self.text, "voice_id": self.voice_id,
                "target": list(self.target), "profile": self.profile}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> VoiceLine:
        """Rebuild a line from ``as_dict``'s data."""
        kind, entity = data["target"]
        voice_id = data.get("voice_id")
        return cls(number=int(data["number"]), character=str(data["character"]), text=str(data["text"]),
                   voice_id=str(voice_id) if voice_id else None, target=(str(kind), int(entity)),
                   profile=str(data.get("profile") or ""))


def _line_targets(ctx: ToolContext, scene_id: int, speakers: list[str]) -> list[tuple[str, int]]:
    """Put each line under a shot that shows its speaker (in order), else the next shot, else the scene."""
    with ctx.project.read() as s:
        shots = [(sh.id, {c.name for c in sh.characters}) for sh in shots_of_scene(s, scene_id)]
    if not shots:
        return [("scene", scene_id)] * len(speakers)
    targets, at = [], 0
    for who in speakers:
        found = next((i for i in range(at, len(shots)) if who in shots[i][1]), None)
        at = found if found is not None else min(at + 1, len(shots) - 1)
        targets.append(("shot", shots[at][0]))
    return targets


def voice_lines(ctx: ToolContext, scene_number: int, *, line: int | None = None) -> list[VoiceLine]:
    """Return a scene's dialogue lines to record (all of them, or line ``line``); raise for an unknown one."""
    from agent.formats.fountain import scene_dialogue  # deferred: parsers load on use

    with ctx.project.read() as s:
        scene = scene_by_number(s, scene_number)
        voices = {c.name: (c.voice_id, c.voice or "") for c in s.scalars(select(Character))}
    spoken = [ln for ln in scene_dialogue(scene.content) if ln.text.strip()][:MAX_LINES]
    targets = _line_targets(ctx, scene.id, [ln.character for ln in spoken]) if spoken else []
    lines = [VoiceLine(number=i, character=ln.character, text=ln.text, voice_id=voices.get(ln.character, (None, ""))[0],
                       target=target, profile=voices.get(ln.character, (None, ""))[1])
             for i, (ln, target) in enumerate(zip(spoken, targets, strict=True), start=1)]
    if line is None:
        return lines
    if not lines:
        raise InvalidInputError(f"scene {scene_number} has no dialogue to record")
    if not 1 <= line <= len(lines):
        raise InvalidInputError(f"scene {scene_number} has {len(lines)} line{'s' if len(lines) > 1 else ''} of "
                                f"dialogue; there is no line {line}")
    return [lines[line - 1]]


def undecided(ctx: ToolContext, lines: list[VoiceLine]) -> tuple[list[tuple[VoiceLine, str]], float]:
    """Return the lines no one decided a take of yet (each with its request hash) and what the new ones cost."""
    gen = ctx.generators.voice
    todo: list[tuple[VoiceLine, str]] = []
    cost = 0.0
    with ctx.project.read() as s:
        for line in lines:
            request = line.request()
            rhash = gen.request_hash(request)
            status, _ = lifecycle.take_status(s, rhash, line.target, "voice")
            if status in ("approved", "rejected"):
                continue  # a voice line has one take per request: a decided one is never asked again
            todo.append((line, rhash))
            cost += gen.estimate_cost(request) if status == "new" else 0.0
    return todo, cost


def voice_take(ctx: ToolContext, line: VoiceLine, *, scene_number: int, actor: str) -> lifecycle.Take | None:
    """Hold a pending take of ``line``, generating it only when no identical request made one; None if decided."""
    gen = ctx.generators.voice
    request = line.request()
    rhash = gen.request_hash(request)
    with ctx.project.read() as s:
        status, _ = lifecycle.take_status(s, rhash, line.target, "voice")
        if status == "new":
            check_budget(library.spent_usd(s), gen.estimate_cost(request), ctx.settings.budget_usd)
    if status in ("approved", "rejected"):
        return None
    hold = partial(lifecycle.hold, ctx.project, line.target, "voice", request_hash=rhash, actor=actor,
                   action="generate_voice", summary=f"Voice for scene {scene_number}")
    if status != "new":
        return hold()
    media = gen.generate(request)
    return hold(stored=library.store_bytes(ctx.project, media.data), description=f"{line.character}: {line.text}",
                metadata=media.metadata)


# -- the tool's flow -------------------------------------------------------------------------------


def _what(scene_number: int, line: int | None) -> str:
    return f"line {line} of scene {scene_number}" if line else f"scene {scene_number}"


def produce_voice(ctx: ToolContext, scene_number: int, *, line: int | None = None, actor: str) -> ToolResult:
    """Record a scene's dialogue (or one line of it), a voice per character, then ask once.

    With jobs on, the recording is a ``voice`` job: the turn returns its card at once and the job's takes
    come back into the thread, where this same flow finds them by request hash and asks.
    """
    key = f"{scene_number}" if line is None else f"{scene_number}.{line}"
    plan = durable(f"voice-plan:{key}", _plan, ctx, scene_number, line)
    if not plan["todo"]:
        return ToolResult(f"All {plan['lines']} lines of {_what(scene_number, line)} already have voice takes you "
                          f"decided on; change a line or its voice to record it again.")
    if ctx.jobs is not None:
        args = {"scene": scene_number, "line": line, "actor": actor}
        job = ctx.jobs.find("voice", args)
        if job is None or job["status"] in ("queued", "running"):
            doing = "is recording" if job is None else "is already recording"
            job = job or ctx.jobs.start("voice", args)
            done = job["progress"]
            return ToolResult(f"Job {job['id']} {doing} {done['label'] or 'the voice'} ({done['done']}/"
                              f"{done['total']} done). The chat stays free; the takes come back here for your "
                              f"approval when they are ready.", {"job": job})
        # Made by a job: its takes are found by request hash, so nothing is recorded twice.
    made = durable(f"voice:{key}", _make, ctx, scene_number, line, actor)
    if not made["links"]:
        return ToolResult(f"All {made['lines']} lines of {_what(scene_number, line)} already have voice takes you "
                          f"decided on; change a line or its voice to record it again.")
    count = len(made["links"])
    title = f"Voice for {_what(scene_number, line)}" + ("" if line else f" ({count} lines)")
    answer = ask({"kind": "voice", "title": title, "preview": made["preview"], "options": ["approve", "reject"],
                  "cost_usd": float(plan["estimate"])})
    decision = "approved" if answer.decision == "approve" else "rejected"
    durable(f"decide:voice:{key}", lifecycle.decide, ctx.project, made["links"], decision, note=answer.note,
            actor=actor, action=f"{decision}_voice", summary=f"Voice for {_what(scene_number, line)} {decision}",
            index=index_port(ctx))
    lines = "1 line" if count == 1 else f"{count} lines"
    return ToolResult(f"Voice for {_what(scene_number, line)}: {lines} {decision}.", made["preview"])


def _plan(ctx: ToolContext, scene_number: int, line: int | None) -> dict[str, Any]:
    lines = voice_lines(ctx, scene_number, line=line)
    if not lines:
        raise InvalidInputError(f"scene {scene_number} has no dialogue to record")
    todo, estimate = undecided(ctx, lines)
    if todo:
        with ctx.project.read() as s:  # the whole recording must fit the budget; each new take checks again
            check_budget(library.spent_usd(s), estimate, ctx.settings.budget_usd)
    return {"lines": len(lines), "todo": len(todo), "estimate": estimate}


def _make(ctx: ToolContext, scene_number: int, line: int | None, actor: str) -> dict[str, Any]:
    """Hold a pending take per line; lines whose take a person already decided are left as they are."""
    lines = voice_lines(ctx, scene_number, line=line)
    links: list[int] = []
    preview = None
    for i, vl in enumerate(lines, start=1):
        progress(i - 1, len(lines), f"{vl.character}: {vl.text[:40]}")
        take = voice_take(ctx, vl, scene_number=scene_number, actor=actor)
        if take is None:
            continue
        links.append(take.link.id)
        if preview is None:
            preview = preview_of(ctx, take.asset, f"{vl.character}: {vl.text[:80]}")
    progress(len(lines), len(lines), f"{len(lines)} lines for {_what(scene_number, line)}")
    return {"lines": len(lines), "links": links, "preview": preview}
