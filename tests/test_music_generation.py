"""Generated music: Replicate (stubbed in its wire format) composes a track when a token is set; offline it is a
labelled placeholder pad; an approved track becomes the film's music like an upload, ducked under dialogue."""

from __future__ import annotations

import io
import json
import shutil
import wave
from pathlib import Path

import httpx
import pytest
from media_support import mono_wav
from platform_support import platform_project
from test_replicate_provider import Clock, Stub, _options

from agent.cli import main
from agent.config import Settings
from agent.evaldriver import create_project_from
from agent.generators import Generators, generators_for
from agent.generators.music import (
    DRAFT_LABEL,
    MusicRequest,
    OfflineMusicGenerator,
    ReplicateMusicGenerator,
    music_inputs,
)
from agent.project import InvalidInputError, Project, history, lifecycle, snapshot, story
from agent.session import Session
from agent.tools.base import ToolContext

MUSIC_MODEL = "meta/musicgen"
AUDIO_URL = "https://replicate.delivery/xezq/abc123/out-0.wav"




def _replicate(stub: Stub) -> ReplicateMusicGenerator:
    return ReplicateMusicGenerator(options=_options(stub, Clock()), model=MUSIC_MODEL)


def _stub() -> Stub:
    stub = Stub(model=MUSIC_MODEL, output=AUDIO_URL, download=mono_wav())
    stub.downloads = [lambda: httpx.Response(200, content=mono_wav(), headers={"content-type": "audio/wav"})]
    return stub


def test_replicate_is_asked_for_the_track_in_musicgens_terms_and_its_audio_is_verified() -> None:
    stub = _stub()
    request = MusicRequest(prompt="slow solo cello, melancholy", duration_s=20, seed=3)
    media = _replicate(stub).generate(request)
    (create,) = stub.calls("POST", "/predictions")
    assert create.url.path == f"/v1/models/{MUSIC_MODEL}/predictions"
    sent = json.loads(create.read())["input"]
    assert sent == music_inputs(MUSIC_MODEL, request) and sent["duration"] == 20 and sent["prompt"].startswith("slow")
    assert media.mime == "audio/wav" and media.metadata["draft"] is False and media.metadata["provider"] == "replicate"
    assert media.metadata["cost_usd"] == pytest.approx(0.04)  # data/prices.json: 0.002 per second of music


def test_the_factory_picks_replicate_only_with_a_token_and_draft_off() -> None:
    assert isinstance(generators_for(Settings(_env_file=None)).music, OfflineMusicGenerator)  # type: ignore[call-arg]
    draft = Settings(_env_file=None, replicate_api_token="r8_x")  # type: ignore[call-arg]
    assert isinstance(generators_for(draft).music, OfflineMusicGenerator)
    real = Settings(_env_file=None, replicate_api_token="r8_x", draft=False)  # type: ignore[call-arg]
    assert isinstance(generators_for(real).music, ReplicateMusicGenerator)


def test_the_offline_track_is_a_labelled_draft_pad_of_the_asked_length() -> None:
    media = OfflineMusicGenerator().generate(MusicRequest(prompt="tense strings", duration_s=3))
    with wave.open(io.BytesIO(media.data)) as w:
        assert w.getnframes() / w.getframerate() == pytest.approx(3.0)
    assert media.metadata["draft"] is True and media.metadata["label"] == DRAFT_LABEL
    assert media.metadata["cost_usd"] == 0.0


@pytest.fixture
def film(tmp_path: Path) -> Path:
    return platform_project(tmp_path, name="Score")


def test_an_approved_generated_track_is_the_music_ducked_under_dialogue(film: Path) -> None:
    from agent.media.from_project import timeline_from_project
    from agent.tools.music import compose_now
    from agent.tools.voice import voice_lines, voice_take

    stub = _stub()
    with Project.open(film) as p:
        story.add_scene(p, heading="INT. CAB - NIGHT", content="MARA\nNext stop, the river.", actor="user")
        offline = generators_for(Settings(_env_file=None))  # type: ignore[call-arg]
        ctx = ToolContext(project=p, settings=Settings(home=film / "home", budget_usd=1.0),
                          _generators=Generators(image=offline.image, video=offline.video, voice=offline.voice,
                                                 music=_replicate(stub)))
        takes = [voice_take(ctx, line, scene_number=2, actor="editor") for line in voice_lines(ctx, 2)]
        lifecycle.decide(p, [t.link.id for t in takes if t is not None], "approved", actor="user", action="ok",
                         summary="ok")
        with pytest.raises(InvalidInputError, match="pass --yes"):
            compose_now(ctx, "brass fanfare", 30, actor="user", max_cost_usd=0.01)
        assert not stub.calls("POST", "/predictions"), "nothing is generated past the limit"
        done = compose_now(ctx, "brass fanfare", 30, actor="user", max_cost_usd=1.0)
        music = snapshot(p)["music"]
        assert music["asset"] == done["asset"] and (music["source"], music["draft"]) == ("generated", False)
        assert snapshot(p)["cost"]["spent_usd"] == pytest.approx(0.06)
        (bed,) = [t for t in timeline_from_project(p).audio if t.kind == "music"]
        voices = [t for t in timeline_from_project(p).audio if t.kind == "voice"]
        assert bed.start_s == 0.0 and voices and len(bed.duck_spans) == len(voices)
        history.undo(p)
        assert snapshot(p)["music"] is None


def test_cli_compose_offline_drafts_a_placeholder(film: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compose", str(film), "quiet piano", "--seconds", "4", "--json"]) == 0
    done = json.loads(capsys.readouterr().out)
    assert done["draft"] is True and done["seconds"] == 4 and done["cost_usd"] == 0.0
    with Project.open(film) as p:
        assert snapshot(p)["music"]["draft"] is True
    assert main(["compose", str(film), "   "]) == 2
    assert "say what the music should sound like" in capsys.readouterr().err


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return create_project_from("demo", None, tmp_path_factory.mktemp("music") / "demo", settings=Settings())


async def test_chat_composes_asks_and_places_the_draft_track(template: Path, tmp_path: Path) -> None:
    path = tmp_path / "p"
    shutil.copytree(template, path)
    session = await Session.open(path, settings=Settings(_env_file=None))  # type: ignore[call-arg]
    try:
        events = [e async for e in session.send("t", "compose a slow melancholy cello score for the film")]
        (approval,) = [e for e in events if e.get("type") == "approval"]
        assert approval["kind"] == "music" and "placeholder" in approval["preview"]["caption"]
        assert session.snapshot()["music"] is None, "nothing is placed before the approval"
        said = [e async for e in session.resume("t", "approve")]
        text = " ".join(str(e.get("text", "")) for e in said if e.get("type") == "message")
        assert "draft placeholder" in text.lower()
        assert session.snapshot()["music"]["source"] == "generated"
    finally:
        await session.close()


async def test_with_jobs_on_the_music_is_a_job_whose_track_comes_back_for_approval(tmp_path: Path) -> None:
    from jobs_support import make_project
    from langchain_core.messages import AIMessage
    from scripted import ScriptedModel, handoff_turn
    from test_jobs import wait_for

    from agent.config import load_settings

    make_project(tmp_path / "film", shots=1).close()
    script = [*handoff_turn("editor", "generate_music", {"music": "slow solo cello", "duration_s": 3}),
              AIMessage("The music is approved."), AIMessage("Done.")]
    session = await Session.open(tmp_path / "film", settings=load_settings(job_lease_s=5.0),
                                 model=ScriptedModel(responses=script))
    try:
        session.enable_jobs()
        turn = await session.run("t1", "compose a slow solo cello score")
        cards = [e for e in turn.events if e["type"] == "job"]
        assert turn.approval is None and [c["kind"] for c in cards] == ["music"]
        wait_for(lambda: session.job(cards[0]["id"])["status"] not in ("queued", "running"), timeout=120)
        assert session.job(cards[0]["id"])["status"] == "waiting_approval", session.job(cards[0]["id"])["error"]
        approval = [e for e in [e async for e in session.deliver("t1")] if e["type"] == "approval"]
        assert len(approval) == 1 and approval[0]["kind"] == "music"
        await session.run("t1", decision="approve")
        assert session.job(cards[0]["id"])["status"] == "done"
        assert session.snapshot()["music"]["source"] == "generated"
    finally:
        await session.close()
