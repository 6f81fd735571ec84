"""What each kind of job does: plan its steps (and its request hash), run one step, where it ends.

Steps call the same functions the chat's tools call (``still_for``, ``voice_take``, ``music_take``,
``render_project``, ``export_project``),
so history, request-hash idempotency, the asset library and the budget apply to jobs exactly as to a turn.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from agent.generators import check_budget, image_request_for_shot
from agent.jobs.model import JobRow
from agent.jobs.store import NewItem
from agent.project import library
from agent.project.changes import recording_thread
from agent.project.errors import InvalidInputError
from agent.project.schema import Asset, Change, Shot
from agent.project.views import scene_by_number, shot_by_number, shots_of_scene
from agent.tools.base import ToolContext

__all__ = ["Plan", "KindSpec", "KIND_SPECS", "plan_job"]

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Plan:
    """A job before it exists: its steps, its idempotency key and the line its card shows."""

    items: list[NewItem]
    request_hash: str
    label: str
    args: dict[str, Any]


@dataclass(frozen=True)
class KindSpec:
    """One kind of job: how to plan it, run one of its steps, and the status it ends in."""

    plan: Callable[[ToolContext, dict[str, Any]], Plan]
    run: Callable[[ToolContext, JobRow, str, Progress], dict[str, Any]]
    final_status: str
    finish: Callable[[ToolContext, JobRow], None] | None = None
    """Run once by the worker that completes the last step (derived data, e.g. the re-use index)."""


def _hash(*parts: Any) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def _scene_number(args: dict[str, Any], what: str = "a stills batch") -> int:
    scene = args.get("scene")
    if isinstance(scene, bool) or not isinstance(scene, int) or scene < 1:
        raise InvalidInputError(f"{what} needs a scene number (1 or more)")
    return scene


# -- stills batch ------------------------------------------------------------------------------


def _plan_stills(ctx: ToolContext, args: dict[str, Any]) -> Plan:
    from agent.tools.generation import shot_spec  # deferred: the tools' stack loads only in the worker running a step

    number = _scene_number(args)
    gen = ctx.generators.image
    with ctx.project.read() as s:  # one read for the whole plan: a 40-shot batch starts in a blink
        scene = scene_by_number(s, number)
        shots = shots_of_scene(s, scene.id)
        todo = [sh for sh in shots if sh.status != "still_approved"]
        specs = [shot_spec(ctx, sh, scene_number=number, session=s) for sh in todo]
        requests = [image_request_for_shot(spec, seed=0) for spec in specs]
        hashes = [gen.request_hash(r) for r in requests]
    if not shots:
        raise InvalidInputError(f"scene {number} has no shots yet; break it into shots first")
    if not todo:
        raise InvalidInputError(f"all {len(shots)} shots of scene {number} already have approved stills")
    with ctx.project.read() as s:
        made = set(s.scalars(select(Asset.request_hash).where(Asset.request_hash.in_(hashes))))
        missing = [(r, h) for r, h in zip(requests, hashes, strict=True) if h not in made]
        # The whole batch must fit the budget before it starts; steps check again as they spend.
        check_budget(library.spent_usd(s), sum(gen.estimate_cost(r) for r, _ in missing), ctx.settings.budget_usd)
    items = [NewItem(key=str(sh.id), provider=gen.provider) for sh in todo]
    return Plan(items=items, request_hash=_hash("stills_batch", number, hashes),
                label=f"{len(todo)} stills for scene {number}",
                args={"scene": number, "actor": str(args.get("actor") or "cinematographer")})


def _run_still(ctx: ToolContext, job: JobRow, key: str, progress: Progress) -> dict[str, Any]:
    from agent.tools.generation import still_for  # deferred: the tools' stack loads only in the worker running a step

    with ctx.project.read() as s:
        shot = s.get(Shot, int(key))
    if shot is None:
        raise InvalidInputError(f"shot {key} no longer exists")
    number = int(job.args["scene"])
    with recording_thread(job.thread):
        asset, link = still_for(ctx, shot, number, str(job.args.get("actor") or "cinematographer"), index=False)
    progress(f"Still for shot {number}.{shot.number}")
    return {"shot": shot.id, "shot_number": shot.number, "asset": asset.id, "link": link.id}


def _index_stills(ctx: ToolContext, job: JobRow) -> None:
    """Add the batch's stills to the re-use index in one call (one embedding pass, not one per still)."""
    from agent.index.from_project import index_entries  # deferred: Chroma loads only when the index is touched

    ids = [int(item["asset"]) for item in job.result.get("items", []) if "asset" in item]
    try:
        ctx.index.upsert(index_entries(ctx.project, asset_ids=ids))
    except Exception:  # derived data: a failure costs a re-use offer; `reelsmith reindex` rebuilds it
        pass


# -- video ------------------------------------------------------------------------------------


def _clip_request(ctx: ToolContext, args: dict[str, Any]) -> tuple[Any, Any, Any]:
    """Return (shot, approved still, the first clip request) exactly as the editor's clip tool builds them."""
    from agent.generators import VideoRequest  # deferred: the providers load only when something is generated

    scene, number = _scene_number(args), args.get("shot")
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        raise InvalidInputError("a video job needs a shot number (1 or more)")
    with ctx.project.read() as s:
        shot = shot_by_number(s, scene, number)
        still = library.approved_asset(s, "shot", shot.id, "still")
    if still is None:
        raise InvalidInputError(f"shot {scene}.{number} has no approved still yet; generate and approve a still first")
    request = VideoRequest(still_path=ctx.project.files.path_of(still.path), still_sha256=still.sha256,
                           prompt=shot.description, duration_s=min(shot.duration_s, 30.0),
                           movement=shot.movement, seed=0)  # type: ignore[arg-type]
    return shot, still, request


def _plan_video(ctx: ToolContext, args: dict[str, Any]) -> Plan:
    _shot, _still, request = _clip_request(ctx, args)
    gen = ctx.generators.video
    rhash = gen.request_hash(request)
    with ctx.project.read() as s:
        if library.asset_by_request_hash(s, rhash) is None:
            check_budget(library.spent_usd(s), gen.estimate_cost(request), ctx.settings.budget_usd)
    scene, number = int(args["scene"]), int(args["shot"])
    return Plan(items=[NewItem(key="clip", provider=gen.provider)], request_hash=_hash("video", rhash),
                label=f"Clip for shot {scene}.{number}",
                args={"scene": scene, "shot": number, "actor": str(args.get("actor") or "editor")})


def _run_video(ctx: ToolContext, job: JobRow, key: str, progress: Progress) -> dict[str, Any]:
    from agent.tools.generation import store_media  # deferred: the tools' stack loads only in the worker running a step

    shot, _still, request = _clip_request(ctx, dict(job.args))
    gen = ctx.generators.video
    rhash = gen.request_hash(request)
    label = f"{job.args['scene']}.{job.args['shot']}"
    with ctx.project.read() as s:
        cached = library.asset_by_request_hash(s, rhash)
        if cached is None:
            check_budget(library.spent_usd(s), gen.estimate_cost(request), ctx.settings.budget_usd)
    if cached is not None:  # made before a crash, or by the chat: nothing to generate
        progress(f"Clip for shot {label}")
        return {"shot": shot.id, "asset": cached.id}
    media = gen.generate(request)
    with recording_thread(job.thread):
        asset, link = store_media(ctx, media, request_hash=rhash, description=shot.description,
                                  entity=("shot", shot.id), role="clip", actor=str(job.args.get("actor") or "editor"),
                                  action="generate_video", summary=f"Generated a clip for shot {label}")
    progress(f"Clip for shot {label}")
    return {"shot": shot.id, "asset": asset.id, "link": link.id}


# -- voice ------------------------------------------------------------------------------------


def _plan_voice(ctx: ToolContext, args: dict[str, Any]) -> Plan:
    """Plan one step per line with no decided take; the job keeps the lines, so a re-run records the same."""
    # Deferred: the tools' stack loads only in the worker running a step.
    from agent.tools.voice import undecided, voice_lines

    scene = _scene_number(args, "a voice job")
    line = args.get("line")
    if line is not None and (isinstance(line, bool) or not isinstance(line, int) or line < 1):
        raise InvalidInputError("a voice job's line is a line number (1 or more), or none for every line")
    lines = voice_lines(ctx, scene, line=line)
    if not lines:
        raise InvalidInputError(f"scene {scene} has no dialogue to record")
    todo, estimate = undecided(ctx, lines)
    what = f"line {line} of scene {scene}" if line else f"scene {scene}"
    if not todo:
        raise InvalidInputError(f"every line of {what} already has a voice take you decided on")
    with ctx.project.read() as s:  # the whole recording must fit the budget; each step checks again as it spends
        check_budget(library.spent_usd(s), estimate, ctx.settings.budget_usd)
    provider = ctx.generators.voice.provider
    count = "1 line" if len(todo) == 1 else f"{len(todo)} lines"
    return Plan(items=[NewItem(key=str(vl.number), provider=provider) for vl, _ in todo],
                request_hash=_hash("voice", [[rhash, list(vl.target)] for vl, rhash in todo]),
                label=f"Voice for {what} ({count})",
                args={"scene": scene, "line": line, "actor": str(args.get("actor") or "editor"),
                      "lines": {str(vl.number): vl.as_dict() for vl, _ in todo}})


def _run_voice(ctx: ToolContext, job: JobRow, key: str, progress: Progress) -> dict[str, Any]:
    # Deferred: the tools' stack loads only in the worker running a step.
    from agent.tools.voice import VoiceLine, voice_take

    data = (job.args.get("lines") or {}).get(key)
    if not isinstance(data, dict):
        raise InvalidInputError(f"job {job.id} has no line {key} to record")
    line = VoiceLine.from_dict(data)
    with recording_thread(job.thread):
        take = voice_take(ctx, line, scene_number=int(job.args["scene"]), actor=str(job.args.get("actor") or "editor"))
    progress(f"{line.character}: {line.text[:40]}")
    if take is None:  # decided in the chat meanwhile: nothing to make, nothing to ask
        return {"line": line.number, "decided": True}
    return {"line": line.number, "asset": take.asset.id, "link": take.link.id}


# -- music ------------------------------------------------------------------------------------


def _music_args(args: dict[str, Any]) -> tuple[str, int | None, int]:
    music, seconds, seed = str(args.get("music") or "").strip(), args.get("duration_s"), args.get("seed", 0)
    if seconds is not None and (isinstance(seconds, bool) or not isinstance(seconds, int)):
        raise InvalidInputError("a music job's length is whole seconds")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise InvalidInputError("a music job's seed is a whole number, 0 or more")
    return music, seconds, seed


def _plan_music(ctx: ToolContext, args: dict[str, Any]) -> Plan:
    """Plan one step: the track the editor's music tool asked for (the same request, so the same hash)."""
    from agent.tools.music import music_request

    music, seconds, seed = _music_args(args)
    request = music_request(ctx, music, seconds, seed)  # bad words or a bad length are refused here
    gen = ctx.generators.music
    rhash = gen.request_hash(request)
    with ctx.project.read() as s:
        if library.asset_by_request_hash(s, rhash) is None:
            check_budget(library.spent_usd(s), gen.estimate_cost(request), ctx.settings.budget_usd)
    return Plan(items=[NewItem(key="music", provider=gen.provider)], request_hash=_hash("music", rhash),
                label=f"Music: {request.prompt[:60]} ({request.duration_s} s)",
                args={"music": music, "duration_s": seconds, "seed": seed,
                      "actor": str(args.get("actor") or "editor")})


def _run_music(ctx: ToolContext, job: JobRow, key: str, progress: Progress) -> dict[str, Any]:
    from agent.project.changes import recording_thread
    from agent.tools.music import music_take

    music, seconds, seed = _music_args(dict(job.args))
    with recording_thread(job.thread):
        take = music_take(ctx, music, seconds, seed, str(job.args.get("actor") or "editor"))
    progress(f"Music: {music[:40]}")
    return {"asset": take["asset"], "link": take["link"]}


# -- render and export -------------------------------------------------------------------------


def _project_state(ctx: ToolContext) -> int:
    """Return the newest change id: a render or export of an unchanged project is the same request."""
    with ctx.project.read() as s:
        return int(s.scalar(select(func.max(Change.id))) or 0)


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S")


def _plan_render(ctx: ToolContext, args: dict[str, Any]) -> Plan:
    animatic = bool(args.get("animatic", False))
    scene = args.get("scene")
    if scene is not None:
        scene = _scene_number({"scene": scene})
    name = f"{'animatic' if animatic else 'film'}-{_stamp()}.mp4"
    what = "animatic" if animatic else "film"
    label = f"Render the {what}" + (f" of scene {scene}" if scene else "")
    clean = {"animatic": animatic, "scene": scene, "out": name}
    return Plan(items=[NewItem(key="render")], request_hash=_hash("render", animatic, scene, _project_state(ctx)),
                label=label, args=clean)


def _run_render(ctx: ToolContext, job: JobRow, key: str, progress: Progress) -> dict[str, Any]:
    from agent.media.from_project import render_project  # deferred: the media stack loads only to render

    out = ctx.project.exports_dir / str(job.args["out"])
    last = [-1]

    def report(fraction: float, label: str) -> None:
        percent = round(fraction * 100)
        if percent >= last[0] + 5 or percent == 100:  # a handful of writes, not one per frame
            last[0] = percent
            progress(f"{percent}% {label}")

    result, timeline = render_project(ctx.project, out, animatic=bool(job.args.get("animatic")),
                                      scene=job.args.get("scene"), progress=report)
    return {"path": str(result.path), "duration_s": round(result.duration_s, 3), "items": len(timeline.items)}


_SAFE_NAME = re.compile(r"^[A-Za-z0-9._-]{1,120}$")


def _plan_export(ctx: ToolContext, args: dict[str, Any]) -> Plan:
    # Deferred: the exporters load only in the worker running an export.
    from agent.exports import EXPORT_FORMATS, EXTENSIONS

    fmt = str(args.get("format") or "")
    if fmt not in EXPORT_FORMATS:
        raise InvalidInputError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    name = str(args.get("out") or f"{fmt}-{_stamp()}{EXTENSIONS[fmt]}")
    if not _SAFE_NAME.match(name) or name.startswith("."):
        raise InvalidInputError("an export's file name is letters, digits, '.', '_' or '-' (it goes to exports/)")
    return Plan(items=[NewItem(key="export")], request_hash=_hash("export", fmt, _project_state(ctx)),
                label=f"Export {fmt}", args={"format": fmt, "out": name})


def _run_export(ctx: ToolContext, job: JobRow, key: str, progress: Progress) -> dict[str, Any]:
    from agent.exports import export_project  # deferred: the exporters load only in the worker running an export

    out = ctx.project.exports_dir / str(job.args["out"])
    ctx.project.exports_dir.mkdir(exist_ok=True)
    export_project(ctx.project, str(job.args["format"]), out)
    progress(f"Wrote {out.name}")
    return {"path": str(out), "bytes": out.stat().st_size}


KIND_SPECS: dict[str, KindSpec] = {
    "stills_batch": KindSpec(plan=_plan_stills, run=_run_still, final_status="waiting_approval",
                             finish=_index_stills),
    "video": KindSpec(plan=_plan_video, run=_run_video, final_status="waiting_approval"),
    "voice": KindSpec(plan=_plan_voice, run=_run_voice, final_status="waiting_approval"),
    "music": KindSpec(plan=_plan_music, run=_run_music, final_status="waiting_approval"),
    "render": KindSpec(plan=_plan_render, run=_run_render, final_status="done"),
    "export": KindSpec(plan=_plan_export, run=_run_export, final_status="done"),
}
"""Every kind in ``agent.jobs.model.KINDS``: how each plans, runs a step and ends."""


def plan_job(ctx: ToolContext, kind: str, args: dict[str, Any]) -> Plan:
    """Plan a job of ``kind`` or raise InvalidInputError (unknown kind, bad arguments, nothing to do)."""
    spec = KIND_SPECS.get(kind)
    if spec is None:
        raise InvalidInputError(f"jobs of kind {kind!r} are not available; use one of {', '.join(KIND_SPECS)}")
    return spec.plan(ctx, args)
