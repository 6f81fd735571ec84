"""Transcripts and captions: a provider (an OpenAI-compatible endpoint, stubbed here) transcribes uploads; a
recorded voice line is captioned from its screenplay words offline; transcripts are kept with the asset and
searchable; captions export as SRT and WebVTT from the repository, the command line and chat."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import httpx2
import pytest
from media_support import mono_wav
from platform_support import platform_project

from agent.cli import main
from agent.config import Settings
from agent.evaldriver import create_project_from
from agent.generators import GenerationError
from agent.generators.transcribe import OpenAITranscriber, transcriber_for
from agent.project import InvalidInputError, Project, library, lifecycle, snapshot, story
from agent.project.transcripts import find_spoken, spoken_phrase, transcribe_asset
from agent.session import Session

_VERBOSE = {"task": "transcribe", "language": "english", "duration": 3.0,
            "text": "Meet me by the river. Bring the map.",
            "segments": [{"id": 0, "seek": 0, "start": 0.0, "end": 1.4, "text": " Meet me by the river.", "tokens": [],
                          "temperature": 0.0, "avg_logprob": -0.2, "compression_ratio": 1.0, "no_speech_prob": 0.01},
                         {"id": 1, "seek": 0, "start": 1.6, "end": 3.0, "text": " Bring the map.", "tokens": [],
                          "temperature": 0.0, "avg_logprob": -0.2, "compression_ratio": 1.0, "no_speech_prob": 0.01}]}




class _Stub:
    """An OpenAI-compatible ``/audio/transcriptions`` endpoint: records each request, answers verbose JSON."""

    def __init__(self, status: int = 200) -> None:
        self.requests: list[httpx2.Request] = []
        self.status = status

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        if self.status != 200:
            return httpx2.Response(self.status, json={"error": {"message": "model overloaded", "type": "server"}})
        return httpx2.Response(200, json=_VERBOSE)

    def transcriber(self) -> OpenAITranscriber:
        return OpenAITranscriber(api_key="sk-test", model="whisper-1", base_url="http://transcribe.test/v1",
                                 max_retries=0, http_client=httpx2.Client(transport=httpx2.MockTransport(self)))


@pytest.fixture
def film(tmp_path: Path) -> Path:
    return platform_project(tmp_path, name="Captions")


def _upload(p: Project, name: str = "memo.wav") -> int:
    return int(library.import_media(p, Path(name), mono_wav(3.0), None)["asset"])


def test_the_provider_is_sent_the_file_and_its_timed_segments_come_back() -> None:
    stub = _Stub()
    transcript = stub.transcriber().transcribe(mono_wav(1.0), filename="memo.wav", mime="audio/wav")
    (request,) = stub.requests
    assert request.url.path == "/v1/audio/transcriptions" and request.headers["authorization"] == "Bearer sk-test"
    body = request.read()
    assert b'name="model"\r\n\r\nwhisper-1' in body and b'filename="memo.wav"' in body
    assert b"verbose_json" in body
    assert transcript.text == "Meet me by the river. Bring the map." and transcript.source == "openai/whisper-1"
    assert [(s.start_s, s.end_s, s.text) for s in transcript.segments] == [
        (0.0, 1.4, "Meet me by the river."), (1.6, 3.0, "Bring the map.")]
    with pytest.raises(GenerationError, match="answered 503"):
        _Stub(503).transcriber().transcribe(b"RIFF", filename="memo.wav", mime="audio/wav")


def test_no_key_no_transcriber_and_an_upload_says_a_provider_is_needed(film: Path) -> None:
    from agent.generators.transcribe import NEEDS_PROVIDER

    assert transcriber_for(Settings(_env_file=None)) is None  # type: ignore[call-arg]
    assert transcriber_for(Settings(_env_file=None, openai_api_key="sk-x")) is not None  # type: ignore[call-arg]
    with Project.open(film) as p:
        asset = _upload(p)
        before = snapshot(p)
        with pytest.raises(InvalidInputError, match="needs a transcription provider: set OPENAI_API_KEY"):
            transcribe_asset(p, asset, None, needs_provider=NEEDS_PROVIDER)
        assert snapshot(p) == before
        still = int(library.import_media(p, Path("x.png"), _png(), None)["asset"])
        with pytest.raises(InvalidInputError, match="only audio and video"):
            transcribe_asset(p, still, None, needs_provider=NEEDS_PROVIDER)


def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 10, 10)).save(buf, format="PNG")
    return buf.getvalue()


def test_an_upload_transcribed_is_kept_searchable_and_captioned(film: Path) -> None:
    from agent.exports.subtitles import asset_captions
    from agent.tools.captions import transcribe

    stub = _Stub()
    with Project.open(film) as p:
        asset = _upload(p)
        done = transcribe(p, stub.transcriber(), None)  # the newest upload
        assert done["asset"] == asset and done["source"] == "openai/whisper-1"
        again = transcribe(p, stub.transcriber(), asset)
        assert again["text"] == done["text"] and len(stub.requests) == 1, "a kept transcript is not paid for twice"
        with p.read() as s:
            assert [f["id"] for f in find_spoken(s, "bring the MAP")] == [asset]
            assert find_spoken(s, "bring the mapmaker") == [] and find_spoken(s, "ring the map") == []
            assert find_spoken(s, "the map")[0]["at_s"] == 1.6
        srt = asset_captions(p, asset, "srt")
        assert srt.startswith("1\n00:00:00,000 --> 00:00:01,400\nMeet me by the river.\n\n2\n00:00:01,600")
        vtt = asset_captions(p, asset, "vtt")
        assert vtt.startswith("WEBVTT\n\n1\n00:00:00.000 --> 00:00:01.400\nMeet me by the river.")
        with pytest.raises(InvalidInputError, match="unknown caption format"):
            asset_captions(p, asset, "ass")


def test_a_recorded_voice_line_is_captioned_from_its_screenplay_words_offline(film: Path) -> None:
    from agent.exports.subtitles import asset_captions, project_vtt
    from agent.tools.base import ToolContext
    from agent.tools.captions import transcribe
    from agent.tools.voice import voice_lines, voice_take

    with Project.open(film) as p:
        story.add_scene(p, heading="INT. CAB - NIGHT", content="MARA\nNext stop, the <river> & the bridge.",
                        actor="user")
        ctx = ToolContext(project=p, settings=Settings(home=film / "home"))
        (line,) = voice_lines(ctx, 2)
        take = voice_take(ctx, line, scene_number=2, actor="editor")
        assert take is not None
        lifecycle.decide(p, [take.link.id], "approved", actor="user", action="approve", summary="ok")
        done = transcribe(p, None, take.asset.id)  # no provider: its words are the screenplay's
        assert (done["source"], done["text"]) == ("screenplay", "Next stop, the <river> & the bridge.")
        assert done["segments"][0]["speaker"] == "MARA"
        with p.read() as s:
            assert [f["id"] for f in find_spoken(s, "the bridge")] == [take.asset.id]
        assert "<v MARA>Next stop, the &lt;river&gt; &amp; the bridge." in asset_captions(p, take.asset.id, "vtt")
        cut = project_vtt(p)
        assert cut.startswith("WEBVTT\n\n1\n") and "<v MARA>Next stop" in cut


def test_search_reads_the_words_an_asset_says() -> None:
    assert spoken_phrase('the clip where she says "bring the map"') == "bring the map"
    assert spoken_phrase("the recording that mentions the river") == "the river"
    assert spoken_phrase("a warm orange still") is None


def test_cli_transcribe_and_captions(film: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with Project.open(film) as p:
        _upload(p)
    assert main(["transcribe", str(film)]) == 2
    assert "needs a transcription provider" in capsys.readouterr().err
    stub = _Stub()
    import agent.generators.transcribe as module

    monkeypatch.setattr(module, "transcriber_for", lambda settings: stub.transcriber())
    assert main(["transcribe", str(film), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["text"] == "Meet me by the river. Bring the map."
    out = tmp_path / "memo.vtt"
    assert main(["captions", str(film), "--asset", "1", "--out", str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"out": str(out), "format": "vtt", "cues": 2, "asset": 1}
    assert out.read_text().startswith("WEBVTT")
    assert main(["captions", str(film), "--asset", "99", "--out", str(tmp_path / "x.srt")]) == 2
    assert "no asset 99" in capsys.readouterr().err and not (tmp_path / "x.srt").exists()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return create_project_from("demo", None, tmp_path_factory.mktemp("captions") / "demo", settings=Settings())


async def _chat(template: Path, tmp_path: Path, text: str, before: Any = None) -> tuple[str, Path]:
    path = tmp_path / "p"
    shutil.copytree(template, path)
    if before is not None:
        with Project.open(path) as p:
            before(p)
    session = await Session.open(path, settings=Settings(_env_file=None))  # type: ignore[call-arg]
    try:
        events = [e async for e in session.send("t", text)]
    finally:
        await session.close()
    said = " ".join(str(e.get("text", "")) for e in events if isinstance(e, dict) and e.get("type") == "message")
    return said, path


async def test_chat_transcribing_an_upload_offline_says_a_provider_is_needed(template: Path, tmp_path: Path) -> None:
    said, _ = await _chat(template, tmp_path, "transcribe the recording I uploaded",
                          before=lambda p: library.import_media(p, Path("memo.wav"), mono_wav(1.0), None))
    assert "needs a transcription provider" in said


async def test_chat_exports_the_cuts_captions_as_webvtt(template: Path, tmp_path: Path) -> None:
    said, path = await _chat(template, tmp_path, "give me the dialogue captions as a vtt file")
    assert "as VTT" in said
    (out,) = list((path / "exports").glob("*.vtt"))
    assert out.read_text().startswith("WEBVTT")


def test_cli_assets_said(film: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from agent.tools.captions import transcribe

    with Project.open(film) as p:
        asset = _upload(p)
        transcribe(p, _Stub().transcriber(), asset)
    assert main(["assets", str(film), "--said", "by the river", "--json"]) == 0
    assert [a["id"] for a in json.loads(capsys.readouterr().out)["assets"]] == [asset]
    assert main(["assets", str(film), "--said", "by the sea"]) == 0
    assert "No transcript says that." in capsys.readouterr().out
