"""Production details: a shot's own image, voices, costumes, looks, shot notes, places and music.

Each works from the repository functions (recorded, undoable), the command line and chat (the offline
director on invented phrasings), and shows in the snapshot.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from media_support import mono_wav
from PIL import Image
from platform_support import platform_project

from agent.cli import main
from agent.config import Settings
from agent.evaldriver import create_project_from
from agent.project import InvalidInputError, Project, history, library, lifecycle, snapshot
from agent.project.deps import list_stale
from agent.project.own_still import use_own_still
from agent.session import Session
from agent.uploads import Uploads, shot_reference


def _png(colour: tuple[int, int, int]) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (32, 18), colour).save(buf, format="PNG")
    return buf.getvalue()


def _shot(snap: dict[str, Any], scene: int, number: int) -> dict[str, Any]:
    return next(s for s in snap["shots"] if s["scene"] == scene and s["number"] == number)


def _approve_generated(p: Project, shot_id: int, role: str, data: bytes, rhash: str) -> int:
    take = lifecycle.hold(p, ("shot", shot_id), role, stored=library.store_bytes(p, data), request_hash=rhash,
                          actor="cinematographer", action=f"generate_{role}", summary="take")
    lifecycle.decide(p, [take.link.id], "approved", actor="user", action="approve", summary="ok")
    return take.asset.id


@pytest.fixture
def film(tmp_path: Path) -> Path:
    return platform_project(tmp_path, name="Own")


# -- 1. a shot's still replaced by the film-maker's own image ----------------------------------------


def test_own_image_replaces_the_still_keeps_the_old_one_and_undoes(film: Path) -> None:
    with Project.open(film) as p:
        with p.read() as s:
            from agent.project.views import shot_by_number

            shot_id = shot_by_number(s, 1, 1).id
        old = _approve_generated(p, shot_id, "still", _png((10, 10, 10)), "a" * 64)
        _approve_generated(p, shot_id, "clip", _png((10, 10, 11)), "b" * 64)
        changes = snapshot(p)["history"]["count"]
        done = use_own_still(p, 1, 1, data=_png((200, 30, 30)), filename="mine.png", actor="user")
        snap = snapshot(p)
        shot = _shot(snap, 1, 1)
        statuses = {(a["id"], a["role"]): a["status"] for a in shot["assets"]}
        assert done.replaced == old and statuses[(old, "still")] == "superseded"
        assert statuses[(done.asset, "still")] == "approved" and shot["status"] == "still_approved"
        assert snap["history"]["count"] == changes + 1 and snap["history"]["last"]["action"] == "use_own_still"
        with p.read() as s:
            assert [m.aspect for m in list_stale(s) if m.entity_id == shot_id] == ["video"], "its clip goes stale"
        history.undo(p)
        shot = _shot(snapshot(p), 1, 1)
        assert [(a["id"], a["status"]) for a in shot["assets"] if a["role"] == "still"] == [(old, "approved")]
        assert snapshot(p)["assets"]["count"] == 3, "the image stays in the library after undo"


def test_a_file_that_is_not_an_image_changes_nothing(film: Path) -> None:
    with Project.open(film) as p:
        before = snapshot(p)
        with pytest.raises(InvalidInputError, match="must be an image"):
            use_own_still(p, 1, 1, data=b"RIFF....WAVEfmt not really", filename="x.png", actor="user")
        with pytest.raises(Exception, match="shot 9 does not exist"):
            use_own_still(p, 1, 9, data=_png((1, 2, 3)), filename="x.png", actor="user")
        assert snapshot(p) == before
        assert not list((film / "assets").rglob("*.png")), "no file is left behind"


def test_an_upload_naming_a_shot_becomes_its_still(film: Path) -> None:
    assert shot_reference("use this for shot 2.3") == (2, 3)
    assert shot_reference("shot 3 of scene 2 please") == (2, 3)
    assert shot_reference("Ida's headshot") is None
    with Project.open(film) as p:
        event = Uploads(p, Settings(home=film / "home")).receive("set.png", _png((0, 90, 0)), "use this for shot 1.2")
        assert "Shot 1.2 now uses your image set.png" in event["text"]
        assert _shot(snapshot(p), 1, 2)["status"] == "still_approved"
        bad = Uploads(p, Settings(home=film / "home")).receive("set.png", _png((0, 91, 0)), "for shot 1.7")
        assert bad["text"].startswith("Could not import set.png: shot 7 does not exist")


def test_cli_shot_image(film: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    image = tmp_path / "frame.png"
    image.write_bytes(_png((5, 5, 200)))
    assert main(["shot-image", str(film), "1.3", str(image), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["shot"] == "1.3" and out["replaced"] is None
    assert main(["shot-image", str(film), "1.x", str(image)]) == 2
    assert "not a shot" in capsys.readouterr().err
    assert main(["shot-image", str(film), "1.3", str(image)]) == 2
    assert "already the still of shot 1.3" in capsys.readouterr().err
    assert main(["undo", str(film), "--yes"]) == 0
    with Project.open(film) as p:
        assert _shot(snapshot(p), 1, 3)["status"] == "draft"


# -- chat: the offline director on the demo ----------------------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return create_project_from("demo", None, tmp_path_factory.mktemp("prod") / "demo", settings=Settings())


async def _chat(template: Path, tmp_path: Path, *turns: str, before: Any = None) -> dict[str, Any]:
    path = tmp_path / "p"
    shutil.copytree(template, path)
    if before is not None:
        with Project.open(path) as p:
            before(p)
    session = await Session.open(path, settings=Settings())
    try:
        for text in turns:
            await session.run("t", text)
        return session.snapshot()
    finally:
        await session.close()


async def test_chat_uses_the_uploaded_image_for_a_shot(template: Path, tmp_path: Path) -> None:
    def upload(p: Project) -> None:
        from agent.project.shots import ShotCard, replace_shots

        replace_shots(p, 2, [ShotCard("the bridge", shot_type="wide"), ShotCard("her hands")], actor="user")
        library.import_media(p, Path("mine.png"), _png((240, 200, 0)), None)

    after = await _chat(template, tmp_path, "put the picture I uploaded on shot 2.2", before=upload)
    shot = _shot(after, 2, 2)
    assert shot["status"] == "still_approved" and shot["assets"][0]["status"] == "approved"
    assert _shot(after, 2, 1)["status"] == "draft"


# -- 2. voice profiles ----------------------------------------------------------------------------------


def test_a_voice_profile_is_stored_shown_and_changes_the_offline_voice(film: Path) -> None:
    from agent.generators import VoiceRequest, espeak_voice_for
    from agent.generators.requests import request_hash
    from agent.project.voices import set_voice

    with Project.open(film) as p:
        set_voice(p, "mara", profile="low and slow", actor="user")
        mara = next(c for c in snapshot(p)["characters"] if c["name"] == "MARA")
        assert (mara["voice"], mara["voice_id"], mara["version"]) == ("low and slow", None, 2)
        with pytest.raises(InvalidInputError, match="not a voice id"):
            set_voice(p, "mara", voice_id="no spaces allowed", actor="user")
        history.undo(p)
        assert next(c for c in snapshot(p)["characters"] if c["name"] == "MARA")["voice"] == ""
        # The voice generator is given the profile: the recorded line carries it.
        from agent.project import story
        from agent.tools.base import ToolContext
        from agent.tools.voice import voice_lines, voice_take

        set_voice(p, "mara", profile="low and slow", actor="user")
        story.add_scene(p, heading="INT. CAB - NIGHT", content="MARA\nNext stop.", actor="user")
        ctx = ToolContext(project=p, settings=Settings(home=film / "home"))
        [spoken] = voice_lines(ctx, 2)
        take = voice_take(ctx, spoken, scene_number=2, actor="editor")
        assert take is not None
        with p.read() as s:
            line = library.asset_by_id(s, take.asset.id)
            assert line.meta["params"]["profile"] == "low and slow"
    plain, low = espeak_voice_for("MARA"), espeak_voice_for("MARA", "low and slow")
    assert low[1] < plain[1] and low[2] < plain[2]
    bare = VoiceRequest(text="Hi.", character="MARA")
    low_req = bare.model_copy(update={"profile": "low"})
    assert request_hash("offline", "m", bare) != request_hash("offline", "m", low_req)
    # A take recorded before profiles existed keeps its hash: its params never had a profile.
    import hashlib

    old = {"kind": "VoiceRequest", "provider": "offline", "model": "m", "prompt": "Hi.", "references": [], "seed": 0,
           "params": {"character": "MARA", "voice_id": None}}
    canonical = json.dumps(old, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert request_hash("offline", "m", bare) == hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def test_cli_voice(film: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["voice", str(film), "mara", "--sounds", "bright, quick", "--voice-id", "pNInz6obpgDQGcFmaJgB",
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"name": "MARA", "voice": "bright, quick",
                                                   "voice_id": "pNInz6obpgDQGcFmaJgB", "stale_voice_lines": 0}
    assert main(["voice", str(film), "nobody", "--sounds", "low"]) == 2
    assert main(["voice", str(film), "mara"]) == 0
    assert "MARA: bright, quick (voice id pNInz6obpgDQGcFmaJgB)" in capsys.readouterr().out


async def test_chat_sets_a_voice_and_the_voice_lines_use_it(template: Path, tmp_path: Path) -> None:
    after = await _chat(template, tmp_path, "ida's voice should sound gravelly and slow")
    ida = next(c for c in after["characters"] if c["name"] == "IDA")
    assert ida["voice"] == "gravelly and slow"
    assert all(c["voice"] == "" for c in after["characters"] if c["name"] != "IDA")


# -- 3. costumes ----------------------------------------------------------------------------------------


def test_a_costume_is_worn_in_its_scenes_goes_into_the_prompt_and_marks_stills_stale(film: Path) -> None:
    from agent.generators import build_shot_prompt
    from agent.project.views import shot_by_number
    from agent.project.wardrobe import add_costume, link_costume, revise_costume
    from agent.tools.base import ToolContext
    from agent.tools.generation import shot_spec

    with Project.open(film) as p:
        ctx = ToolContext(project=p, settings=Settings(home=film / "home"))
        with p.read() as s:
            shot = shot_by_number(s, 1, 1)
        bare = build_shot_prompt(shot_spec(ctx, shot, scene_number=1)).prompt
        assert "wearing" not in bare
        _approve_generated(p, shot.id, "still", _png((9, 9, 9)), "c" * 64)
        name = add_costume(p, None, "a yellow oilskin with a torn hood", character="mara", actor="user")
        assert name == "MARA YELLOW OILSKIN"
        prompt = build_shot_prompt(shot_spec(ctx, shot, scene_number=1)).prompt
        assert "MARA: a night conductor, wearing a yellow oilskin with a torn hood" in prompt
        with p.read() as s:
            reasons = [m.reason for m in list_stale(s) if m.entity_id == shot.id]
        assert reasons == ["costume MARA YELLOW OILSKIN was added (v0 -> v1)"]
        assert revise_costume(p, "the oilskin", "a red oilskin", actor="user") == ("MARA YELLOW OILSKIN", 1)
        from agent.project.story import add_scene

        add_scene(p, heading="INT. CAB - NIGHT", content="MARA drives.", actor="user")
        link_costume(p, "mara", scenes=[2], actor="user")  # worn in scene 2 only: not in shot 1.1 any more
        assert "wearing" not in build_shot_prompt(shot_spec(ctx, shot, scene_number=1)).prompt
        costume = snapshot(p)["costumes"][0]
        assert (costume["character"], costume["scenes"], costume["version"]) == ("MARA", [2], 3)
        with pytest.raises(InvalidInputError, match="already exists"):
            add_costume(p, "mara yellow oilskin", "anything", actor="user")
        with pytest.raises(Exception, match="no character named"):
            add_costume(p, None, "a hat", character="nobody", actor="user")
        history.undo(p)
        assert snapshot(p)["costumes"][0]["scenes"] == []


def test_cli_costume(film: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["costume", str(film), "add", "a grey duffel coat", "--for", "mara", "--scene", "1"]) == 0
    assert "Added costume MARA GREY DUFFEL COAT." in capsys.readouterr().out
    assert main(["costume", str(film), "revise", "a brown duffel coat", "--name", "duffel"]) == 0
    assert main(["costume", str(film), "--json"]) == 0
    out = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert out["costumes"][0]["description"] == "a brown duffel coat" and out["costumes"][0]["scenes"] == [1]
    assert main(["costume", str(film), "link", "--name", "duffel", "--scene", "9"]) == 2
    assert "scene 9" in capsys.readouterr().err


async def test_chat_adds_and_revises_a_costume(template: Path, tmp_path: Path) -> None:
    after = await _chat(template, tmp_path, "add a costume for juno in scenes 2 and 3: a yellow raincoat, hood up",
                        "change the raincoat costume to a green parka")
    (costume,) = after["costumes"]
    assert (costume["character"], costume["scenes"]) == ("JUNO", [2, 3])
    assert costume["description"] == "A green parka." and costume["version"] == 2
    juno = next(c for c in after["characters"] if c["name"] == "JUNO")
    assert juno["version"] == 1, "the character itself is not revised"


# -- 4. cinematography looks ------------------------------------------------------------------------------


def test_a_look_sets_framing_goes_into_the_prompt_and_its_revision_marks_stills_stale(film: Path) -> None:
    from agent.generators import build_shot_prompt
    from agent.project.looks import add_look, apply_look, revise_look
    from agent.project.views import shot_by_number
    from agent.tools.base import ToolContext
    from agent.tools.generation import shot_spec

    with Project.open(film) as p:
        ctx = ToolContext(project=p, settings=Settings(home=film / "home"))
        name = add_look(p, "dock lamp", shot_type="close-up", lens_mm=85, lighting="one hard tungsten lamp",
                        references=["Gordon Willis"], actor="user")
        with p.read() as s:
            shot_id = shot_by_number(s, 1, 1).id
        _approve_generated(p, shot_id, "still", _png((3, 3, 3)), "d" * 64)
        assert apply_look(p, "the dock look", 1, 1, actor="user") == ("DOCK LAMP", 1)
        snap = snapshot(p)
        shot = _shot(snap, 1, 1)
        assert shot["look"] == name and shot["camera"]["shot_type"] == "close-up" and shot["camera"]["lens_mm"] == 85
        assert _shot(snap, 1, 2)["look"] is None
        assert snap["looks"] == [{"name": "DOCK LAMP", "shot_type": "close-up", "lens_mm": 85,
                                  "lighting": "one hard tungsten lamp", "references": ["Gordon Willis"],
                                  "version": 1, "shots": 1}]
        with p.read() as s:
            prompt = build_shot_prompt(shot_spec(ctx, shot_by_number(s, 1, 1), scene_number=1)).prompt
            assert "one hard tungsten lamp; in the manner of Gordon Willis" in prompt
            assert [m.reason for m in list_stale(s) if m.entity_id == shot_id] == ["it now uses look DOCK LAMP"]
        assert revise_look(p, "dock lamp", lens_mm=50, actor="user") == ("DOCK LAMP", 1)
        assert _shot(snapshot(p), 1, 1)["camera"]["lens_mm"] == 50, "shots using the look follow it"
        with pytest.raises(InvalidInputError, match="not one a camera takes"):
            revise_look(p, "dock lamp", lens_mm=5000, actor="user")
        with pytest.raises(Exception, match="no look called"):
            apply_look(p, "velvet", 1, 1, actor="user")
        history.undo(p)
        history.undo(p)
        assert _shot(snapshot(p), 1, 1)["look"] is None


def test_cli_look(film: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["look", str(film), "add", "cold office", "--shot-type", "wide", "--lighting", "flat fluorescent",
                 "--ref", "Playtime"]) == 0
    assert main(["look", str(film), "apply", "office", "1"]) == 0
    assert "applied to 3 shot(s) of scene 1" in capsys.readouterr().out
    assert main(["look", str(film)]) == 0
    assert "COLD OFFICE: wide, any lens, flat fluorescent (after Playtime); 3 shot(s)" in capsys.readouterr().out
    assert main(["look", str(film), "apply", "office", "1.x"]) == 2


async def test_chat_defines_a_look_and_shots_use_it(template: Path, tmp_path: Path) -> None:
    after = await _chat(template, tmp_path, "new cinematography look named quay light, wide on a 24mm, lit by sodium "
                        "lamps in fog, after Atget", "break scene 2 into shots",
                        "shoot every shot of scene 2 in the quay light look")
    (look,) = after["looks"]
    assert (look["name"], look["shot_type"], look["lens_mm"], look["references"]) == ("QUAY LIGHT", "wide", 24,
                                                                                      ["Atget"])
    assert "sodium lamps in fog" in look["lighting"]
    shots = [s for s in after["shots"] if s["scene"] == 2]
    assert shots and all(s["look"] == "QUAY LIGHT" and s["camera"]["lens_mm"] == 24 for s in shots)
    assert after["art_direction"]["version"] <= 1, "a camera look is not the art direction"


# -- 5. notes and tags on shots; a location's setting and tags --------------------------------------------


def test_shot_notes_and_tags_and_place_details_are_recorded(film: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from agent.project.details import note_shot, set_location_details, tag_shot

    with Project.open(film) as p:
        note_shot(p, 1, 2, "needs a stand-in", actor="user")
        note_shot(p, 1, 2, "rain towers", actor="user")
        assert tag_shot(p, 1, 2, ["Pick Up", "vfx"], actor="user") == ["pick-up", "vfx"]
        shot = _shot(snapshot(p), 1, 2)
        assert (shot["notes"], shot["tags"]) == ("needs a stand-in\nrain towers", ["pick-up", "vfx"])
        assert shot["version"] == 1, "a note is not a new version of the card"
        with pytest.raises(InvalidInputError, match="already has"):
            tag_shot(p, 1, 2, ["vfx"], actor="user")
        assert set_location_details(p, "platform", setting="exterior", tags=["wet-down"], actor="user") == (
            "PLATFORM", "exterior", ["wet-down"])
        with pytest.raises(InvalidInputError, match="not 'indoors'"):
            set_location_details(p, "platform", setting="indoors", actor="user")
        place = snapshot(p)["locations"][0]
        assert (place["setting"], place["tags"]) == ("exterior", ["wet-down"])
        history.undo(p)
        assert snapshot(p)["locations"][0]["setting"] is None
    assert main(["shot-notes", str(film), "1.1", "--note", "long lens", "--tag", "hero", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"shot": "1.1", "notes": "long lens", "tags": ["hero"]}
    assert main(["place", str(film), "platform", "--setting", "both", "--tag", "practical"]) == 0
    assert "PLATFORM: both; tags practical" in capsys.readouterr().out
    assert main(["shot-notes", str(film), "1.9", "--note", "x"]) == 2


async def test_chat_notes_and_tags_a_shot_and_sets_a_place(template: Path, tmp_path: Path) -> None:
    after = await _chat(template, tmp_path, "break scene 2 into shots", "note on shot 2.3: we need a rain machine",
                        "tag shot 1 of scene 2 as hero",
                        "the lost property office is an interior location")
    assert _shot(after, 2, 3)["notes"] == "we need a rain machine" and _shot(after, 2, 1)["tags"] == ["hero"]
    office = next(x for x in after["locations"] if x["name"] == "LOST PROPERTY OFFICE")
    assert office["setting"] == "interior"


def test_an_interior_reference_is_used_for_int_scenes(film: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from agent.project.views import shot_by_number
    from agent.tools.base import ToolContext
    from agent.tools.generation import shot_spec

    with Project.open(film) as p:
        uploads = Uploads(p, Settings(home=film / "home"))
        outside = uploads.receive("out.png", _png((1, 1, 90)), "the platform from outside")
        inside = uploads.receive("in.png", _png((90, 1, 1)), "an interior of the platform")
        assert "exterior reference of PLATFORM" in outside["text"] and "interior" in inside["text"]
        refs = snapshot(p)["locations"][0]["references"]
        assert [r["side"] for r in refs] == ["exterior", "interior"]
        ctx = ToolContext(project=p, settings=Settings(home=film / "home"))
        with p.read() as s:
            shot = shot_by_number(s, 1, 1)
            exterior = library.asset_by_id(s, refs[0]["asset"]).sha256
            interior = library.asset_by_id(s, refs[1]["asset"]).sha256
        spec = shot_spec(ctx, shot, scene_number=1)  # EXT. PLATFORM - NIGHT
        assert spec.location is not None and spec.location.reference_sha256 == exterior
        assert interior != exterior
        history.undo(p)
        assert [r["side"] for r in snapshot(p)["locations"][0]["references"]] == ["exterior", None]
    assert main(["place", str(film), "platform", "--interior-ref", str(refs[1]["asset"])]) == 0
    assert main(["place", str(film), "platform", "--exterior-ref", "999"]) == 2
    assert "not an approved reference" in capsys.readouterr().err


# -- 6. music, ducked under dialogue ----------------------------------------------------------------------




def test_uploaded_music_goes_on_the_timeline_ducked_under_dialogue(film: Path) -> None:
    from agent.media.from_project import timeline_from_project
    from agent.media.mixdown import audio_mix
    from agent.project.story import add_scene
    from agent.tools.base import ToolContext
    from agent.tools.voice import voice_lines, voice_take

    with Project.open(film) as p:
        add_scene(p, heading="INT. CAB - NIGHT", content="MARA\nNext stop, the river.", actor="user")
        ctx = ToolContext(project=p, settings=Settings(home=film / "home"))
        takes = [voice_take(ctx, line, scene_number=2, actor="editor") for line in voice_lines(ctx, 2)]
        lifecycle.decide(p, [t.link.id for t in takes if t is not None], "approved", actor="user", action="approve",
                         summary="ok")
        uploads = Uploads(p, Settings(home=film / "home"))
        event = uploads.receive("bed.wav", mono_wav(2.0), "here's the score for the film")
        assert "bed.wav is now the film's music" in event["text"]
        music = snapshot(p)["music"]
        assert music is not None and music["ducked_under_dialogue"] is True
        timeline = timeline_from_project(p)
        (bed,) = [t for t in timeline.audio if t.kind == "music"]
        voices = [t for t in timeline.audio if t.kind == "voice"]
        assert voices and bed.start_s == 0.0 and len(bed.duck_spans) == len(voices)
        assert bed.duck_spans[0][0] == round(voices[0].start_s, 3) and bed.duck_spans[0][1] > bed.duck_spans[0][0]
        mix = audio_mix(timeline, first_input=1)
        assert any(f"volume='if(between(t,{bed.duck_spans[0][0]:.3f}" in f for f in mix.filters)
        with pytest.raises(InvalidInputError, match="music must be an audio file"):
            from agent.project.music import set_music

            set_music(p, _png((1, 1, 1)), "cover.png", actor="user")
        history.undo(p)
        assert snapshot(p)["music"] is None


def test_the_moviepy_mix_ducks_music_inside_dialogue_spans() -> None:
    import numpy as np
    from moviepy import AudioClip

    from agent.media.compose import _ducked

    bed = AudioClip(lambda t: np.ones((np.size(t), 2)) if np.ndim(t) else np.ones(2), duration=4, fps=8000)
    ducked = _ducked(bed, 1.0, [(2.0, 3.0)], 0.25)  # the bed starts at 1 s; dialogue from 2 s to 3 s
    assert ducked.get_frame(0.5).tolist() == [1.0, 1.0]
    assert ducked.get_frame(np.array([0.5, 1.5])).tolist() == [[1.0, 1.0], [0.25, 0.25]]


def test_cli_music(film: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    track = tmp_path / "theme.wav"
    track.write_bytes(mono_wav(1.0))
    assert main(["music", str(film), str(track), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["music"]["start_s"] == 0.0
    assert main(["music", str(film), str(track)]) == 2
    assert "the music already" in capsys.readouterr().err


async def test_chat_puts_the_uploaded_track_on_the_music_track(template: Path, tmp_path: Path) -> None:
    def upload(p: Project) -> None:
        library.import_media(p, Path("theme.wav"), mono_wav(1.0), None)

    after = await _chat(template, tmp_path, "lay the song I uploaded under the whole film as music", before=upload)
    assert after["music"] is not None and after["music"]["duration_s"] == 1.0
