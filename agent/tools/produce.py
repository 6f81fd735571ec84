"""Generation flows with approvals: a still, a reference image, a clip, a scene's stills, stale stills.

A shot's still is offered an existing look-alike first. Each flow is prepare -> ask -> decide. Preparing
(reads, the index query, generation) runs in ``durable`` steps that a resumed graph replays instead of
running again; asking is a LangGraph interrupt; deciding goes through ``agent.project.lifecycle`` (once per
take, the index told). Steps hand back plain data: ids and previews.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from sqlalchemy.orm import Session

from agent.generators import (
    ArtDirectionRef,
    CharacterRef,
    LocationRef,
    SceneChange,
    ShotSpec,
    VideoRequest,
    check_budget,
    image_request_for_shot,
)
from agent.generators.revise import revise_spec
from agent.project import impact, library, lifecycle, list_stale
from agent.project.errors import InvalidInputError
from agent.project.rebuild import plan_rebuild, rebuild_shots, rewritten_scenes
from agent.project.schema import ArtDirection, Asset, Scene, Shot
from agent.project.shots import ShotCard
from agent.project.stale_view import stale_entries, stale_lines
from agent.project.story import content_at_version
from agent.project.views import (
    active_scenes,
    character_by_name,
    location_by_name,
    prop_by_name,
    scene_by_number,
    shot_by_number,
    shots_of_scene,
)
from agent.tools.base import ToolContext, ToolResult
from agent.tools.generation import (
    MAX_TAKES,
    STILL_OPTIONS,
    ask,
    confirm,
    durable,
    image_take,
    index_port,
    index_text,
    matches_approved,
    preview_of,
    progress,
    shot_spec,
    still_for,
)

__all__ = [
    "LARGE_BATCH_SHOTS",
    "produce_still",
    "produce_reference",
    "produce_video",
    "produce_stills",
    "regenerate_stale",
]

LARGE_BATCH_SHOTS = 24
"""A batch of more stills than this asks first even when it is free (offline): it takes a while and fills
the library."""


def _view(ctx: ToolContext, take: lifecycle.Take, caption: str) -> dict[str, Any]:
    """Return a held take as a step hands it back: the link a decision applies to and what the person sees."""
    return {"link": take.link.id, "asset": take.asset.id, "preview": preview_of(ctx, take.asset, caption),
            "cost": float(take.asset.meta.get("cost_usd", 0.0) or 0.0)}


def _decide(ctx: ToolContext, key: str, links: list[int], decision: str, note: str, *, actor: str, action: str,
            summary: str) -> None:
    durable(f"decide:{key}", lifecycle.decide, ctx.project, links, decision, note=note, actor=actor, action=action,
            summary=summary, index=index_port(ctx))


# -- one image, looped on the person's answer ------------------------------------------------------


def produce_still(ctx: ToolContext, scene_number: int, shot_number: int, *, note: str, actor: str) -> ToolResult:
    """Generate a shot's still and loop on the person's decision until it is approved or they stop."""
    key = f"{scene_number}.{shot_number}"
    offer = durable(f"reuse-offer:{key}:{note}", _reuse_offer, ctx, scene_number, shot_number, note)
    if offer is not None:
        answer = ask(offer["question"])
        if answer.decision == "use_existing":
            take = durable(f"reuse:{key}", _reuse, ctx, offer, key, actor)
            return ToolResult(f"Re-used an existing still for shot {key} (approved); nothing was generated.",
                              take["preview"])
        if answer.decision == "cancel":
            return ToolResult(f"Cancelled: no still was generated for shot {key}.")
    prepare = partial(_still_take, ctx, scene_number, shot_number, actor=actor)
    done = _image_loop(ctx, prepare, what=f"the still for shot {key}", kind="still", note=note, actor=actor)
    if done.text.startswith("Approved"):
        return ToolResult(f"{done.text[:-1]} (shot status: still_approved).", done.artifact)
    return done


def _reuse_offer(ctx: ToolContext, scene_number: int, shot_number: int, note: str) -> dict[str, Any] | None:
    with ctx.project.read() as s:
        shot = shot_by_number(s, scene_number, shot_number)
        spec = shot_spec(ctx, shot, scene_number=scene_number, note=note, session=s)
    found = _find_reusable(ctx, spec, shot.id)
    if found is None:
        return None
    asset, similarity = found
    cost = float(asset.meta.get("cost_usd", 0.0) or 0.0)
    return {"asset": asset.id, "shot": shot.id, "caption": f"Scene {scene_number}, shot {shot_number}",
            "question": {"kind": "reuse", "options": ["use_existing", "generate_new"], "cost_usd": cost,
                         "title": f"An existing still looks like shot {scene_number}.{shot_number} ({similarity:.0%} "
                                  f"similar)", "preview": preview_of(ctx, asset, asset.description)}}


def _find_reusable(ctx: ToolContext, spec: ShotSpec, shot_id: int) -> tuple[Asset, float] | None:
    from agent.index import describe  # deferred: onnxruntime and Chroma load on use

    entities = [c.name for c in spec.characters] + ([spec.location.name] if spec.location else [])
    try:
        # The query reads like the indexed descriptions (same describe(), same names) so they compare fairly.
        query = describe(index_text(spec), entities=entities)
        matches = ctx.index.find_reusable("image", query, threshold=ctx.settings.reuse_threshold, entities=entities)
    except Exception:  # the index is an optimisation; the project stays the truth
        return None
    ids = [int(m.id) for m in matches if m.id.isdigit()]
    with ctx.project.read() as s:
        own = {lk.asset_id for lk in library.links_of(s, "shot", shot_id)}
        eligible = lifecycle.reusable(s, ids)  # the truth: an index behind the project never offers a rejected one
        for match in matches:
            if match.id.isdigit() and int(match.id) in eligible and int(match.id) not in own:
                asset = s.get(Asset, int(match.id))
                if asset is not None:
                    return asset, match.similarity
    return None


def _reuse(ctx: ToolContext, offer: dict[str, Any], key: str, actor: str) -> dict[str, Any]:
    take = lifecycle.reuse(ctx.project, int(offer["asset"]), ("shot", int(offer["shot"])), "still", actor=actor,
                           summary=f"Re-used a still for shot {key}", index=index_port(ctx))
    return _view(ctx, take, str(offer["caption"]))


def _still_take(ctx: ToolContext, scene_number: int, shot_number: int, note: str, attempt: int, *,
                actor: str) -> dict[str, Any]:
    with ctx.project.read() as s:
        shot = shot_by_number(s, scene_number, shot_number)
        spec = shot_spec(ctx, shot, scene_number=scene_number, note=note, session=s)
    # The note reshapes this attempt (night, wider, from below...); the shot card stays as it is.
    revised, changes = revise_spec(spec, note)
    take = image_take(ctx, revised, ("shot", shot.id), "still", seed=attempt, actor=actor,
                      what=f"the still for shot {scene_number}.{shot_number}")
    caption = f"Scene {scene_number}, shot {shot_number}: {revised.shot_type}, {revised.angle}, {revised.movement}"
    return _view(ctx, take, f"{caption}. Changed from your note: {'; '.join(changes)}" if changes else caption)


def _image_loop(ctx: ToolContext, prepare: Callable[[str, int], dict[str, Any]], *, what: str, kind: str, note: str,
                actor: str) -> ToolResult:
    """Make a take, ask, and on reject-with-note or regenerate try again, until approved or stopped."""
    title = what.removeprefix("the ")
    attempt = 0
    while True:
        key = f"{kind}:{what}:{attempt}"
        take = durable(f"{key}:{note}", prepare, note, attempt)
        answer = ask({"kind": kind, "title": title[0].upper() + title[1:], "preview": take["preview"],
                      "options": STILL_OPTIONS, "cost_usd": take["cost"]})
        decide = partial(_decide, ctx, key, [take["link"]], note=answer.note, actor=actor)
        if answer.decision == "approve":
            decide("approved", action="approved_asset", summary=f"Approved {what}")
            return ToolResult(f"Approved {what}.", take["preview"])
        if answer.decision == "reject":
            decide("rejected", action="rejected_asset", summary=f"Rejected {what}")
            if not answer.note:
                return ToolResult(f"Rejected {what}. Say what to change and I'll try again.")
            note = answer.note
        elif answer.decision == "regenerate":
            decide("rejected", action="rejected_asset", summary=f"Asked for another try at {what}")
            note = answer.note or note
        else:
            return ToolResult(f"Stopped: {what} stays pending.", take["preview"])
        attempt += 1


_REFERENCE_FRAMING = {"character": ("close-up", "headshot"), "location": ("wide", "reference"),
                      "prop": ("insert", "reference")}


def produce_reference(ctx: ToolContext, kind: str, name: str, *, note: str, actor: str) -> ToolResult:
    """Make a reference image (a character's headshot, a location's or prop's look) and loop on approval."""
    if kind not in _REFERENCE_FRAMING:
        raise InvalidInputError(f"reference images are for a character, location or prop, not {kind!r}")
    entity = durable(f"reference-of:{kind}:{name}", _reference_subject, ctx, kind, name)
    role = _REFERENCE_FRAMING[kind][1]
    prepare = partial(_reference_take, ctx, kind, entity, actor=actor)
    return _image_loop(ctx, prepare, what=f"the {role} for {entity['name']}", kind="reference", note=note,
                       actor=actor)


def _reference_subject(ctx: ToolContext, kind: str, name: str) -> dict[str, Any]:

    lookup: dict[str, Callable[..., Any]] = {"character": character_by_name, "location": location_by_name,
                                             "prop": prop_by_name}
    with ctx.project.read() as s:
        entity = lookup[kind](s, name)
        art = s.get(ArtDirection, 1)
        look = ArtDirectionRef(style=art.style, palette=list(art.palette), notes=art.notes) if art else None
        return {"id": entity.id, "name": entity.name, "description": entity.description,
                "look": (look or ArtDirectionRef()).model_dump(mode="json")}


def _reference_take(ctx: ToolContext, kind: str, entity: dict[str, Any], note: str, attempt: int, *,
                    actor: str) -> dict[str, Any]:
    shot_type, role = _REFERENCE_FRAMING[kind]
    name, description = str(entity["name"]), entity["description"]
    spec = ShotSpec(
        scene_number=0, shot_number=0, shot_type=shot_type,  # type: ignore[arg-type]
        description=f"Reference {role} of {name}: {description or name}",
        characters=[CharacterRef(name=name, description=description)] if kind == "character" else [],
        location=LocationRef(name=name, description=description) if kind == "location" else None,
        props=[name] if kind == "prop" else [], art_direction=ArtDirectionRef.model_validate(entity["look"]),
        note=note or None,
    )
    take = image_take(ctx, spec, (kind, int(entity["id"])), role, seed=attempt, actor=actor,
                      what=f"the {role} for {name}")
    return _view(ctx, take, f"{role.title()} of {name} ({spec.shot_type})")


# -- a clip -----------------------------------------------------------------------------------------


def produce_video(ctx: ToolContext, scene_number: int, shot_number: int, *, actor: str) -> ToolResult:
    """Make a motion clip from a shot's approved still (stills before video), with the cost up front."""
    key = f"{scene_number}.{shot_number}"
    seed = 0
    while True:
        plan = durable(f"clip-plan:{key}:{seed}", _clip_plan, ctx, scene_number, shot_number, seed)
        new, estimate = plan["status"] == "new", float(plan["estimate"])
        if new and estimate > ctx.settings.approval_cost_threshold_usd:
            if not confirm(f"Generate a clip for shot {key} for about ${estimate:.2f}?", cost_usd=estimate):
                return ToolResult(f"Cancelled: no clip was generated for shot {key}.")
        if new and plan["seed"] == 0 and ctx.jobs is not None:  # a clip takes minutes: it runs as a job
            job = ctx.jobs.start("video", {"scene": scene_number, "shot": shot_number, "actor": actor})
            doing = "is making" if job["status"] in ("queued", "running") else "made"
            return ToolResult(f"Job {job['id']} {doing} the clip for shot {key}. The chat stays free; the clip comes "
                              f"back here for your approval when it is ready.", {"job": job})
        take = durable(f"clip:{key}:{plan['seed']}", _clip_take, ctx, scene_number, shot_number, plan["seed"], actor)
        answer = ask({"kind": "video", "title": f"Clip for shot {key}", "preview": take["preview"],
                      "options": STILL_OPTIONS, "cost_usd": estimate})
        decide = partial(_decide, ctx, f"clip:{key}:{plan['seed']}", [take["link"]], note=answer.note, actor=actor)
        if answer.decision == "approve":
            decide("approved", action="approved_asset", summary=f"Approved the clip for shot {key}")
            return ToolResult(f"Approved the clip for shot {key} (shot status: video_approved).", take["preview"])
        decide("rejected", action="rejected_asset", summary=f"Rejected the clip for shot {key}")
        if answer.decision != "regenerate":
            return ToolResult(f"Rejected the clip for shot {key}.")
        seed = int(plan["seed"]) + 1


def _clip_request(ctx: ToolContext, scene_number: int, shot_number: int, seed: int) -> tuple[Shot, VideoRequest]:
    with ctx.project.read() as s:
        shot = shot_by_number(s, scene_number, shot_number)
        still = library.approved_asset(s, "shot", shot.id, "still")
    if still is None:
        raise InvalidInputError(f"shot {scene_number}.{shot_number} has no approved still yet; generate and approve "
                                "a still first")
    return shot, VideoRequest(still_path=ctx.project.files.path_of(still.path), still_sha256=still.sha256,
                              prompt=shot.description, duration_s=min(shot.duration_s, 30.0),
                              movement=shot.movement, seed=seed)  # type: ignore[arg-type]


def _clip_plan(ctx: ToolContext, scene_number: int, shot_number: int, seed: int) -> dict[str, Any]:
    """Pick the first clip take from ``seed`` on that no one decided yet; check the budget for a new one."""
    gen = ctx.generators.video
    for n in range(seed, seed + MAX_TAKES):
        shot, request = _clip_request(ctx, scene_number, shot_number, n)
        with ctx.project.read() as s:
            status, _ = lifecycle.take_status(s, gen.request_hash(request), ("shot", shot.id), "clip")
            if status in ("approved", "rejected"):
                continue
            estimate = gen.estimate_cost(request)
            if status == "new":
                check_budget(library.spent_usd(s), estimate, ctx.settings.budget_usd)
        return {"seed": n, "status": status, "estimate": estimate}
    raise InvalidInputError(f"the last {MAX_TAKES} clips of shot {scene_number}.{shot_number} were all decided")


def _clip_take(ctx: ToolContext, scene_number: int, shot_number: int, seed: int, actor: str) -> dict[str, Any]:
    gen = ctx.generators.video
    shot, request = _clip_request(ctx, scene_number, shot_number, seed)
    rhash, key = gen.request_hash(request), f"{scene_number}.{shot_number}"
    hold = partial(lifecycle.hold, ctx.project, ("shot", shot.id), "clip", request_hash=rhash, actor=actor,
                   action="generate_video", summary=f"Generated a clip for shot {key}")
    with ctx.project.read() as s:
        made = library.asset_by_request_hash(s, rhash) is not None
    if made:
        take = hold()
    else:
        media = gen.generate(request)
        take = hold(stored=library.store_bytes(ctx.project, media.data), description=shot.description,
                    metadata=media.metadata)
    return _view(ctx, take, f"Scene {scene_number}, shot {shot_number}: {shot.movement} clip")


# -- batches: every still of a scene, the stale stills --------------------------------


def produce_stills(ctx: ToolContext, scene_number: int, *, actor: str) -> ToolResult:
    """Generate stills for every shot of a scene that has no approved one, then ask once for the batch."""
    plan = durable(f"stills-plan:{scene_number}", _stills_plan, ctx, scene_number)
    todo, estimate = plan["todo"], float(plan["estimate"])
    if not todo:
        return ToolResult(f"All {plan['total']} shots of scene {scene_number} already have approved stills.")
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
    made = durable(f"stills:{scene_number}", _make_stills, ctx, [[i, scene_number] for i in todo], actor,
                   f"{len(todo)} stills for scene {scene_number}")
    return _ask_batch(ctx, made, f"{len(made)} stills for scene {scene_number}", actor=actor, cost=estimate,
                      key=f"stills:{scene_number}", summary=f"Stills for scene {scene_number}")


def _stills_plan(ctx: ToolContext, scene_number: int) -> dict[str, Any]:

    with ctx.project.read() as s:
        scene = scene_by_number(s, scene_number)
        shots = shots_of_scene(s, scene.id)
        todo = [sh for sh in shots if sh.status != "still_approved"]
        specs = [shot_spec(ctx, sh, scene_number=scene_number, session=s) for sh in todo]
    if not shots:
        raise InvalidInputError(f"scene {scene_number} has no shots yet; break it into shots first")
    gen = ctx.generators.image
    return {"todo": [sh.id for sh in todo], "total": len(shots),
            "estimate": sum(gen.estimate_cost(image_request_for_shot(spec)) for spec in specs)}


def _make_stills(ctx: ToolContext, shots: list[list[int]], actor: str, label: str,
                 changes: dict[str, list[str]] | None = None) -> list[dict[str, Any]]:
    """Make (or find) a pending still for each (shot id, scene number), reporting progress.

    ``changes`` holds, by scene id, the text before and after a rewrite the stills are redone for.
    """
    with ctx.project.read() as s:
        rows = [(s.get(Shot, shot_id), number) for shot_id, number in shots]
    made = []
    for i, (shot, number) in enumerate(rows, start=1):
        if shot is None:
            raise InvalidInputError("a shot of this batch no longer exists; ask for the batch again")
        progress(i - 1, len(rows), f"Still for shot {number}.{shot.number}")
        change = (changes or {}).get(str(shot.scene_id))
        asset, link = still_for(ctx, shot, number, actor,
                                scene_change=SceneChange(before=change[0], after=change[1]) if change else None)
        made.append(_view(ctx, lifecycle.Take(asset, link),
                          f"Scene {number}, shot {shot.number}: {shot.shot_type}, {shot.angle}"))
    progress(len(rows), len(rows), label)
    return made


def _ask_batch(ctx: ToolContext, made: list[dict[str, Any]], title: str, *, actor: str, cost: float, key: str,
               summary: str, tail: str = "") -> ToolResult:
    previews = [m["preview"] for m in made]
    answer = ask({"kind": "batch", "title": title, "preview": previews[0], "previews": previews,
                  "options": ["approve", "reject"], "cost_usd": cost})
    decision = "approved" if answer.decision == "approve" else "rejected"
    _decide(ctx, key, [m["link"] for m in made], decision, answer.note, actor=actor, action=f"{decision}_stills",
            summary=f"{summary} {decision}")
    return ToolResult(f"{title} {decision}.{tail}", previews[0])


def _job_text(job: dict[str, Any], doing: str) -> str:
    done = job["progress"]
    return (f"Job {job['id']} {doing} {done['label'] or 'the stills'} ({done['done']}/{done['total']} "
            f"done). The chat stays free; the stills come back here for your approval when they are ready.")


Breakdown = Callable[[Session, Scene], list[ShotCard]]
"""How a scene's text becomes shot cards (the cinematographer's standard breakdown), for rebuilding after a rewrite."""


def regenerate_stale(ctx: ToolContext, *, actor: str, breakdown: Breakdown) -> ToolResult:
    """Redo what is stale, asking first and once for all: rewritten scenes' shot cards, then the stale stills.

    A scene whose shot cards a rewrite outdated is broken down again from its new text (``rebuild``): shots whose
    action still stands keep their card and media, new action gets new shots, and their stills are made with the
    scene's old and new text as context. A still whose card, cast, location and look are what made its approved
    image would come out the same: it is left as it is, still marked stale, so a stale mark clears only when
    something was regenerated.
    """
    rebuilds = durable("stale-rebuild-plan", _rebuild_plan, ctx, breakdown)
    asked = False
    done: dict[str, Any] = {"added": [], "changes": {}}
    if rebuilds:
        said = "; ".join(r["text"] for r in rebuilds)
        if not confirm(f"Rebuild the shot cards of rewritten scenes ({said}) and regenerate the stale stills?"):
            return ToolResult("Kept everything: nothing was rebuilt or regenerated.")
        asked = True
        done = durable("stale-rebuild", _apply_rebuilds, ctx, rebuilds, actor, breakdown)
    plan = durable("stale-plan", _stale_plan, ctx, done["added"])
    rest = (f" {plan['others']} other stale items need their own regeneration (a reference image, a clip, a "
            f"scene's voice, a shot whose action is gone): {'; '.join(plan['other_lines'])}.") if plan["others"] else ""
    same = plan["unchanged"]
    if same:
        rest = (f" {len(same)} stale still{'s' if len(same) > 1 else ''} would come out the same (shot "
                f"{', '.join(same)}: card, cast, location and look unchanged), so they stay as they are and stay "
                f"marked stale; revise their cards first.{rest}")
    head = f"Rebuilt the shot cards of {'; '.join(r['text'] for r in rebuilds)}." if rebuilds else ""
    if not plan["shots"]:
        return ToolResult(" ".join(x for x in (head, "No stale stills to regenerate." + rest) if x))
    if plan["ask"] and not asked and not confirm(plan["ask"]):
        return ToolResult("Kept everything: nothing was regenerated.")
    made = durable("stale-stills", _make_stills, ctx, plan["shots"], actor, f"{len(plan['shots'])} stills regenerated",
                   done["changes"])
    tail = f"{rest} {head}" if head else rest
    return _ask_batch(ctx, made, f"{len(made)} regenerated stills", actor=actor, cost=0.0, key="stale-stills",
                      summary="Regenerated stills", tail=tail)


def _rebuild_plan(ctx: ToolContext, breakdown: Breakdown) -> list[dict[str, Any]]:
    """Say which rewritten scenes a rebuild would change, and how (nothing is written)."""
    out = []
    with ctx.project.read() as s:
        rewritten = rewritten_scenes(s)
        for number, scene in enumerate(active_scenes(s), start=1):
            if scene.id not in rewritten:
                continue
            cards = breakdown(s, scene)
            plan = plan_rebuild(s, number, cards)
            if not plan.idle():
                out.append({"scene": number, "scene_id": scene.id, "from_version": rewritten[scene.id],
                            "text": plan.sentence()})
    return out


def _apply_rebuilds(ctx: ToolContext, rebuilds: list[dict[str, Any]], actor: str,
                    breakdown: Breakdown) -> dict[str, Any]:
    """Rebuild each planned scene from its current text; return the new shots and each scene's old and new text."""
    added: list[int] = []
    changes: dict[str, list[str]] = {}
    for item in rebuilds:
        with ctx.project.read() as s:
            scene = scene_by_number(s, int(item["scene"]))
            if scene.id != int(item["scene_id"]):
                raise InvalidInputError("the scenes moved since this was planned; ask to regenerate again")
            cards = breakdown(s, scene)
            before = content_at_version(s, scene.id, int(item["from_version"]))
            after = scene.content
        done = rebuild_shots(ctx.project, int(item["scene"]), cards, actor=actor)
        added += done.added_ids
        if before is not None:
            changes[str(scene.id)] = [before, after]
    return {"added": added, "changes": changes}


def _stale_plan(ctx: ToolContext, added: list[int]) -> dict[str, Any]:
    """Pick the stale stills to redo (and the shots a rebuild ``added``), leaving those that would come out the same."""
    with ctx.project.read() as s:
        items = list_stale(s)
        numbers = {sc.id: i for i, sc in enumerate(active_scenes(s), start=1)}
        ids = sorted({it.entity_id for it in items if it.entity_type == "shot" and it.aspect in ("still", "card")}
                     | set(added))
        shots = [sh for sh in (s.get(Shot, i) for i in ids) if sh is not None and sh.scene_id in numbers]
        todo, unchanged = [], []
        for shot in shots:
            spec = shot_spec(ctx, shot, scene_number=numbers[shot.scene_id], session=s)
            if matches_approved(ctx, s, spec, ("shot", shot.id), "still"):
                unchanged.append(f"{numbers[shot.scene_id]}.{shot.number}")
            else:
                todo.append([shot.id, numbers[shot.scene_id]])
        step = impact.of_regenerate(s, [shot_id for shot_id, _ in todo]) if todo else None
        others = [e for e in stale_entries(s) if not (e["type"] == "shot" and e["aspect"] in ("still", "card"))]
    return {"shots": todo, "unchanged": unchanged, "others": len(others), "other_lines": stale_lines(others, 3),
            "ask": step.sentence() if step is not None and step.must_ask else ""}
