"""Generated music: a score made from a description, shown for approval, then placed on the timeline's music track.

An approved track takes the music track like an uploaded one (from the top, ducked under dialogue; the old
music is superseded, kept). With a Replicate token (draft off) the track is composed by the music model; in
draft mode it is a placeholder pad, said as such, so nothing pretends to be a score.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from langchain_core.tools import BaseTool
from pydantic import BaseModel, Field

from agent.generators import check_budget
from agent.generators.music import DRAFT_LABEL, MAX_MUSIC_S, MusicRequest
from agent.project import library, lifecycle
from agent.project.errors import InvalidInputError
from agent.project.timing import estimate_seconds
from agent.project.views import active_scenes
from agent.tools.base import ToolContext, ToolResult, make_tool
from agent.tools.generation import ask, confirm, durable, index_port, preview_of

__all__ = ["music_tools", "produce_music", "compose_now", "music_request", "music_take", "DEFAULT_MUSIC_S"]

DEFAULT_MUSIC_S = 60
"""Length of a track when neither the request nor the screenplay says (an empty project)."""
_TARGET = ("project", 1)


class MusicGenArgs(BaseModel):
    music: str = Field(description="What the music should sound like: instruments, mood, tempo, genre "
                       "(e.g. 'slow solo cello, melancholy').")
    duration_s: int | None = Field(None, description="Length in seconds; leave out for the film's running time "
                                   f"(at most {MAX_MUSIC_S}).")


def _film_seconds(ctx: ToolContext) -> int:

    with ctx.project.read() as s:
        total = sum(estimate_seconds(sc.content) for sc in active_scenes(s))
    return int(min(MAX_MUSIC_S, max(10, round(total)))) if total else DEFAULT_MUSIC_S


def music_request(ctx: ToolContext, description: str, duration_s: int | None, seed: int) -> MusicRequest:
    """Return the generator request for a description (the film's running time when no length is given)."""
    words = " ".join(description.split())
    if not words:
        raise InvalidInputError("say what the music should sound like, e.g. 'slow solo cello, melancholy'")
    if duration_s is not None and not 1 <= duration_s <= MAX_MUSIC_S:
        raise InvalidInputError(f"a music track is 1 to {MAX_MUSIC_S} seconds long")
    seconds = duration_s if duration_s is not None else _film_seconds(ctx)
    return MusicRequest(prompt=words[:500], duration_s=seconds, seed=seed)


def _plan(ctx: ToolContext, description: str, duration_s: int | None, seed: int) -> dict[str, Any]:
    """Pick the first take from ``seed`` no one decided yet; check a new one against the budget."""
    gen = ctx.generators.music
    for n in range(seed, seed + 12):
        request = music_request(ctx, description, duration_s, n)
        with ctx.project.read() as s:
            status, _ = lifecycle.take_status(s, gen.request_hash(request), _TARGET, "music")
            if status in ("approved", "rejected"):
                continue
            estimate = gen.estimate_cost(request)
            if status == "new":
                check_budget(library.spent_usd(s), estimate, ctx.settings.budget_usd)
        return {"seed": n, "status": status, "estimate": estimate, "seconds": request.duration_s}
    raise InvalidInputError("the last 12 tracks of that description were all decided; describe the music anew")


def music_take(ctx: ToolContext, description: str, duration_s: int | None, seed: int, actor: str) -> dict[str, Any]:
    """Hold a pending take of the track, generating it only when no identical request made one."""
    gen = ctx.generators.music
    request = music_request(ctx, description, duration_s, seed)
    rhash = gen.request_hash(request)
    draft = gen.provider == "offline"
    label = f"{DRAFT_LABEL}: {request.prompt}" if draft else f"music: {request.prompt}"
    hold = partial(lifecycle.hold, ctx.project, _TARGET, "music", request_hash=rhash, actor=actor,
                   action="generate_music", summary=f"Generated {'draft ' if draft else ''}music")
    with ctx.project.read() as s:
        status, _ = lifecycle.take_status(s, rhash, _TARGET, "music")
    if status == "new":
        media = gen.generate(request)
        take = hold(stored=library.store_bytes(ctx.project, media.data), description=label[:4000],
                    metadata={**media.metadata, "source": "generated"})
    else:
        take = hold()
    return {"link": take.link.id, "asset": take.asset.id, "draft": draft,
            "preview": preview_of(ctx, take.asset, label[:120])}


def produce_music(ctx: ToolContext, description: str, duration_s: int | None, *, actor: str) -> ToolResult:
    """Generate a music track, ask for approval, and on approval make it the film's music (ducked under dialogue)."""
    seed = 0
    while True:
        plan = durable(f"music-plan:{seed}", _plan, ctx, description, duration_s, seed)
        estimate = float(plan["estimate"])
        if plan["status"] == "new" and estimate > ctx.settings.approval_cost_threshold_usd:
            if not confirm(f"Generate {plan['seconds']} s of music for about ${estimate:.2f}?", cost_usd=estimate):
                return ToolResult("Cancelled: no music was generated.")
        if plan["status"] == "new" and plan["seed"] == 0 and ctx.jobs is not None:  # a score takes minutes: a job
            job = ctx.jobs.start("music", {"music": description, "duration_s": duration_s, "seed": 0, "actor": actor})
            doing = "is making" if job["status"] in ("queued", "running") else "made"
            return ToolResult(f"Job {job['id']} {doing} the music. The chat stays free; the track comes back here "
                              f"for your approval when it is ready.", {"job": job})
        take = durable(f"music:{plan['seed']}", music_take, ctx, description, duration_s, int(plan["seed"]), actor)
        what = "Draft music placeholder (a synthesised pad, not a composed score)" if take["draft"] else "Music"
        answer = ask({"kind": "music", "title": f"{what}, {plan['seconds']} s", "preview": take["preview"],
                      "options": ["approve", "reject", "regenerate"], "cost_usd": estimate})
        decision = "approved" if answer.decision == "approve" else "rejected"
        durable(f"decide:music:{plan['seed']}", lifecycle.decide, ctx.project, [take["link"]], decision,
                note=answer.note, actor=actor, action=f"{decision}_music", summary=f"Music {decision}",
                index=index_port(ctx))
        if decision == "approved":
            tail = (" It is a draft placeholder: with a Replicate token and draft mode off, the same request "
                    "composes a real score." if take["draft"] else "")
            return ToolResult(f"{what} (asset {take['asset']}) is now the film's music, from the top, ducked under "
                              f"dialogue in the render.{tail} Say 'undo' to revert.", take["preview"])
        if answer.decision != "regenerate":
            return ToolResult("Rejected the music; the music track is unchanged.")
        seed = int(plan["seed"]) + 1


def compose_now(ctx: ToolContext, description: str, duration_s: int | None, *, actor: str,
                max_cost_usd: float) -> dict[str, Any]:
    """Generate a track and make it the film's music at once (the command line's caller is the approval).

    Raises InvalidInputError when the track would cost more than ``max_cost_usd`` (nothing is generated).
    """
    plan = _plan(ctx, description, duration_s, 0)
    if plan["status"] == "new" and float(plan["estimate"]) > max_cost_usd:
        raise InvalidInputError(f"this track would cost about ${float(plan['estimate']):.2f}; pass --yes to pay for it")
    take = music_take(ctx, description, duration_s, int(plan["seed"]), actor)
    lifecycle.decide(ctx.project, [take["link"]], "approved", actor=actor, action="approved_music",
                     summary="Music approved", index=None)
    return {"asset": take["asset"], "seconds": plan["seconds"], "draft": take["draft"],
            "cost_usd": float(plan["estimate"]) if plan["status"] == "new" else 0.0}


def music_tools(ctx: ToolContext) -> list[BaseTool]:
    """Return the editor's music-generation tool bound to one project."""

    def generate_music(music: str, duration_s: int | None = None) -> ToolResult:
        """Generate a music track (score) from a description and, once approved, put it under the film, ducked."""
        return produce_music(ctx, music, duration_s, actor="editor")

    return [make_tool(generate_music, name="generate_music", args_schema=MusicGenArgs, needs_approval=True)]
