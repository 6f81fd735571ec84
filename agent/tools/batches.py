"""Batch generation: every still of a scene, every stale still, a scene's voice lines; one approval each."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from agent.generators import check_budget, image_request_for_shot
from agent.project import impact, library
from agent.project.errors import InvalidInputError
from agent.project.schema import Asset, AssetLink, Shot
from agent.tools.base import ToolContext, ToolResult
from agent.tools.generation import (
    ask,
    confirm,
    pending_link,
    preview_of,
    progress,
    shot_spec,
    still_for,
    store_media,
)

__all__ = [
    "LARGE_BATCH_SHOTS",
    "produce_stills",
    "regenerate_stale",
    "produce_voice",
]

LARGE_BATCH_SHOTS = 24
"""A batch of more stills than this asks first even when it is free (offline): it takes a while and fills
the library."""


def produce_stills(ctx: ToolContext, scene_number: int, *, actor: str) -> ToolResult:
    """Generate stills for every shot of a scene that has no approved one, then ask once for the batch."""
    from agent.project.views import scene_by_number, shots_of_scene

    with ctx.project.read() as s:
        scene = scene_by_number(s, scene_number)
        todo = [sh for sh in shots_of_scene(s, scene.id) if sh.status != "still_approved"]
        total_shots = len(shots_of_scene(s, scene.id))
    if not total_shots:
        raise InvalidInputError(f"scene {scene_number} has no shots yet; break it into shots first")
    if not todo:
        return ToolResult(f"All {total_shots} shots of scene {scene_number} already have approved stills.")
    gen = ctx.generators.image
    estimate = sum(gen.estimate_cost(image_request_for_shot(shot_spec(ctx, sh, scene_number=scene_number)))
                   for sh in todo)  # fmt: skip
    job_args = {"scene": scene_number, "actor": actor}
    job = ctx.jobs.find("stills_batch", job_args) if ctx.jobs is not None else None
    if job is not None and job["status"] in ("queued", "running"):
        return ToolResult(_job_text(job, "is already making"), {"job": job})
    made_by_job = job is not None  # its stills exist: find them by request hash and ask, with no second prompt
    if not made_by_job and (estimate > ctx.settings.approval_cost_threshold_usd or len(todo) > LARGE_BATCH_SHOTS):
        price = f" for about ${estimate:.2f}" if estimate else " (free drafts, but it takes a while)"
        if not confirm(f"Generate {len(todo)} stills for scene {scene_number}{price}?", cost_usd=estimate):
            return ToolResult(f"Cancelled: no stills were generated for scene {scene_number}.")
    if ctx.jobs is not None and not made_by_job:
        job = ctx.jobs.start("stills_batch", job_args)
        return ToolResult(_job_text(job, "is making"), {"job": job})
    made: list[tuple[Asset, AssetLink, Shot]] = []
    for i, shot in enumerate(todo, start=1):
        progress(i - 1, len(todo), f"Still for shot {scene_number}.{shot.number}")
        asset, link = still_for(ctx, shot, scene_number, actor)
        made.append((asset, link, shot))
    progress(len(todo), len(todo), f"{len(todo)} stills for scene {scene_number}")
    previews = [preview_of(ctx, a, f"Scene {scene_number}, shot {sh.number}: {sh.shot_type}, {sh.angle}")
                for a, _, sh in made]  # fmt: skip
    answer = ask({"kind": "batch", "title": f"{len(made)} stills for scene {scene_number}", "preview": previews[0],
                  "previews": previews, "options": ["approve", "reject"], "cost_usd": estimate})  # fmt: skip
    decision = "approved" if answer.decision == "approve" else "rejected"
    with ctx.project.change(actor=actor, action=f"{decision}_stills", summary=f"Stills for scene {scene_number} "
                            f"{decision}") as ch:  # fmt: skip
        for _, link, _ in made:
            current = ch.session.get(AssetLink, link.id)
            if current is not None:
                library.decide_link(ch, current, decision, note=answer.note)
    return ToolResult(f"{len(made)} stills for scene {scene_number} {decision}.", previews[0])


def _job_text(job: dict[str, Any], doing: str) -> str:
    progress = job["progress"]
    return (f"Job {job['id']} {doing} {progress['label'] or 'the stills'} ({progress['done']}/{progress['total']} "
            f"done). The chat stays free; the stills come back here for your approval when they are ready.")


def regenerate_stale(ctx: ToolContext, *, actor: str) -> ToolResult:
    """Redo every stale still (after a scene, cast, location or look change), asking first and once for all."""
    from agent.project import list_stale
    from agent.project.views import active_scenes

    with ctx.project.read() as s:
        items = list_stale(s)
        numbers = {sc.id: i for i, sc in enumerate(active_scenes(s), start=1)}
        ids = sorted({it.entity_id for it in items if it.entity_type == "shot" and it.aspect in ("still", "card")})
        shots = [sh for sh in (s.get(Shot, i) for i in ids) if sh is not None and sh.scene_id in numbers]
    others = [it for it in items if not (it.entity_type == "shot" and it.aspect in ("still", "card"))]
    if not shots:
        rest = f" {len(others)} other stale items need their own regeneration (references, clips)." if others else ""
        return ToolResult("No stale stills to regenerate." + rest)
    with ctx.project.read() as s:
        step = impact.of_regenerate(s, [sh.id for sh in shots])
    if step.must_ask and not confirm(step.sentence()):
        return ToolResult("Kept everything: nothing was regenerated.")
    made: list[tuple[Asset, AssetLink, Shot, int]] = []
    for i, shot in enumerate(shots, start=1):
        number = numbers[shot.scene_id]
        progress(i - 1, len(shots), f"Still for shot {number}.{shot.number}")
        asset, link = still_for(ctx, shot, number, actor)
        made.append((asset, link, shot, number))
    progress(len(shots), len(shots), f"{len(shots)} stills regenerated")
    previews = [preview_of(ctx, a, f"Scene {n}, shot {sh.number}: {sh.shot_type}, {sh.angle}") for a, _, sh, n in made]
    answer = ask({"kind": "batch", "title": f"{len(made)} regenerated stills", "preview": previews[0],
                  "previews": previews, "options": ["approve", "reject"], "cost_usd": 0.0})  # fmt: skip
    decision = "approved" if answer.decision == "approve" else "rejected"
    with ctx.project.change(actor=actor, action=f"{decision}_stills", summary=f"Regenerated stills {decision}") as ch:
        for _, link, _, _ in made:
            current = ch.session.get(AssetLink, link.id)
            if current is not None:
                library.decide_link(ch, current, decision, note=answer.note)
    rest = f" {len(others)} other stale items remain (references, clips)." if others else ""
    return ToolResult(f"{len(made)} regenerated stills {decision}.{rest}", previews[0])


def _line_targets(ctx: ToolContext, scene_id: int, speakers: list[str]) -> list[tuple[str, int]]:
    """Put each line under a shot that shows its speaker (in order), else the next shot, else the scene."""
    from agent.project.views import shots_of_scene

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


def produce_voice(ctx: ToolContext, scene_number: int, *, actor: str) -> ToolResult:
    """Record a scene's dialogue (a voice per character), each line under its shot, then ask once."""
    from agent.formats.fountain import scene_dialogue
    from agent.generators import VoiceRequest
    from agent.project.schema import Character
    from agent.project.views import scene_by_number

    with ctx.project.read() as s:
        scene = scene_by_number(s, scene_number)
        voices = {c.name: c.voice_id for c in s.scalars(select(Character))}
    lines = [ln for ln in scene_dialogue(scene.content) if ln.text.strip()][:40]
    if not lines:
        return ToolResult(f"Scene {scene_number} has no dialogue to record.")
    gen = ctx.generators.voice
    made: list[tuple[int, tuple[str, int]]] = []
    for i, (line, target) in enumerate(zip(lines, _line_targets(ctx, scene.id, [ln.character for ln in lines]),
                                           strict=True), start=1):  # fmt: skip
        progress(i - 1, len(lines), f"{line.character}: {line.text[:40]}")
        req = VoiceRequest(text=line.text[:5000], character=line.character, voice_id=voices.get(line.character))
        rhash = gen.request_hash(req)
        with ctx.project.read() as s:
            cached = library.asset_by_request_hash(s, rhash)
            if cached is None:
                check_budget(library.spent_usd(s), gen.estimate_cost(req), ctx.settings.budget_usd)
        if cached is None:
            asset, _link = store_media(ctx, gen.generate(req), request_hash=rhash, description=f"{line.character}: "
                                  f"{line.text}", entity=target, role="voice", actor=actor, action="generate_voice",
                                  summary=f"Voice for scene {scene_number}")  # fmt: skip
        else:
            with ctx.project.change(
                actor=actor, action="generate_voice", summary=f"Voice for scene {scene_number}"
            ) as ch:
                asset = cached
                pending_link(ch, cached, target, "voice")
        made.append((asset.id, target))
    progress(len(lines), len(lines), f"{len(lines)} lines for scene {scene_number}")
    with ctx.project.read() as s:
        first = s.get(Asset, made[0][0])
    assert first is not None
    preview = preview_of(ctx, first, f"{lines[0].character}: {lines[0].text[:80]}")
    answer = ask({"kind": "voice", "title": f"Voice for scene {scene_number} ({len(lines)} lines)", "preview": preview,
                  "options": ["approve", "reject"], "cost_usd": 0.0})  # fmt: skip
    decision = "approved" if answer.decision == "approve" else "rejected"
    with ctx.project.change(
        actor=actor, action=f"{decision}_voice", summary=f"Voice for scene {scene_number} {decision}"
    ) as ch:
        for asset_id, (etype, eid) in made:
            for link in library.links_of(ch.session, etype, eid, "voice"):
                if link.asset_id == asset_id and link.status == "pending":
                    library.decide_link(ch, link, decision, note=answer.note)
    return ToolResult(f"Voice for scene {scene_number}: {len(lines)} lines {decision}.", preview)
