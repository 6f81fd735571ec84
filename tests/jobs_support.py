"""Helpers for the job tests and benchmarks: projects with shots or dialogue, stub providers, a worker entry point.

Run as ``python -m tests.jobs_support worker DIR`` it is ``reelsmith worker --project DIR`` with the stub
providers (latency and call log from REELSMITH_TEST_STUB_LATENCY_S / REELSMITH_TEST_STUB_LOG).
"""

from __future__ import annotations

import io
import os
import sys
import threading
import time
from pathlib import Path

from PIL import Image

from agent.config import Settings, load_settings
from agent.generators import GeneratedMedia, GenerationError, Generators, generators_for
from agent.generators.base import Keyed, media_metadata
from agent.generators.offline_voice import OfflineVoiceGenerator
from agent.generators.prompt import prompt_parts
from agent.generators.requests import ImageRequest, VoiceRequest
from agent.project import Project, design, story
from agent.project.shots import ShotCard, replace_shots

__all__ = ["make_project", "make_dialogue_project", "StubImageGenerator", "StubVoiceGenerator", "stub_generators",
           "calls"]


def make_project(path: Path, *, shots: int, scenes: int = 1) -> Project:
    """Create a project with ``scenes`` scenes of ``shots`` shots each (no stills yet)."""
    project = Project.create(path, name="Jobs")
    for n in range(1, scenes + 1):
        story.add_scene(project, heading=f"INT. ROOM {n} - DAY", content=f"Ida waits in room {n}.", actor="user")
        cards = [ShotCard(f"Ida waits, beat {i}", duration_s=1.0) for i in range(1, shots + 1)]
        replace_shots(project, n, cards, actor="user")
    return project


def make_dialogue_project(path: Path, *, lines: int, shots: int = 2) -> Project:
    """Create a project whose scene 1 has ``lines`` lines for two speakers and ``shots`` shots; scene 2 none."""
    project = Project.create(path, name="Voices")
    speakers = ("MARA", "JONAS")
    body = "\n\n".join(f"{speakers[i % 2]}\nThis is line {i + 1} of the quarrel." for i in range(lines))
    story.add_scene(project, heading="INT. KITCHEN - NIGHT", content=body, actor="user")
    story.add_scene(project, heading="EXT. FIELD - DAY", content="Wind in the grass. Nobody speaks.", actor="user")
    for name in speakers:
        design.add_entity(project, "character", name.title(), description="a stranger", actor="user")
    cards = [ShotCard(f"{speakers[i % 2].title()} across the table", characters=[speakers[i % 2]])
             for i in range(shots)]
    replace_shots(project, 1, cards, actor="user")
    return project


class _StubCalls:
    """What both stub providers count: latency, faults left, concurrent calls and the peak, an optional log."""

    def __init__(self, *, latency_s: float, log: Path | None, faults: int, price_usd: float) -> None:
        self.latency_s = latency_s
        self.log = log
        self.price_usd = price_usd
        self._faults = faults
        self._lock = threading.Lock()
        self.active = 0
        self.peak = 0

    def _slow_call(self, rhash: str, failure: str) -> None:
        """Take the latency while counting concurrent calls; fail while faults are left, else log the hash."""
        with self._lock:
            self.active += 1
            self.peak = max(self.peak, self.active)
            fault = self._faults > 0
            self._faults -= 1 if fault else 0
        try:
            time.sleep(self.latency_s)
            if fault:
                raise GenerationError(failure)
            if self.log is not None:
                with self.log.open("a", encoding="utf-8") as fh:
                    fh.write(f"{rhash}\n")
        finally:
            with self._lock:
                self.active -= 1


class StubImageGenerator(_StubCalls, Keyed):
    """A provider that takes ``latency_s`` per image, logs each call, and fails the first ``faults`` calls."""

    kind = "image"
    provider = "stub"
    model = "stub-image-v1"

    def __init__(self, *, latency_s: float = 0.0, log: Path | None = None, faults: int = 0,
                 price_usd: float = 0.0) -> None:
        _StubCalls.__init__(self, latency_s=latency_s, log=log, faults=faults, price_usd=price_usd)

    def estimate_cost(self, request: ImageRequest) -> float:
        """Return the stub's flat price."""
        return self.price_usd

    def generate(self, request: ImageRequest) -> GeneratedMedia:
        """Wait, then return a tiny PNG unique to the request."""
        rhash = self.request_hash(request)
        self._slow_call(rhash, "The stub provider failed (a passing fault).")
        img = Image.new("RGB", (32, 18), (int(rhash[:2], 16), int(rhash[2:4], 16), int(rhash[4:6], 16)))
        img.putpixel((0, 0), (int(rhash[6:8], 16), int(rhash[8:10], 16), 7))
        buf = io.BytesIO()
        img.save(buf, format="PNG")
        meta = media_metadata(provider=self.provider, model=self.model, prompt=request.prompt,
                              prompt_parts=prompt_parts(request), params={}, seed=request.seed,
                              cost_usd=self.price_usd, duration_s=None, parent_assets=[], request_hash=rhash,
                              draft=False)
        # Distinct bytes per request, so a content address never merges two shots' stills.
        return GeneratedMedia(data=buf.getvalue() + rhash.encode(), mime="image/png", extension=".png",
                              metadata=meta)


class StubVoiceGenerator(_StubCalls, OfflineVoiceGenerator):
    """The offline voice (timed silence) as a provider that takes ``latency_s`` per line, logs and can fail."""

    provider = "stub-voice"

    def __init__(self, *, latency_s: float = 0.0, log: Path | None = None, faults: int = 0,
                 price_usd: float = 0.0) -> None:
        OfflineVoiceGenerator.__init__(self, espeak_binary=None)
        _StubCalls.__init__(self, latency_s=latency_s, log=log, faults=faults, price_usd=price_usd)

    def estimate_cost(self, request: VoiceRequest) -> float:
        """Return the stub's flat price per line."""
        return self.price_usd

    def generate(self, request: VoiceRequest) -> GeneratedMedia:
        """Wait, maybe fail (a passing fault), log the request hash, then return the silent line."""
        self._slow_call(self.request_hash(request), "The stub voice provider failed (a passing fault).")
        return super().generate(request)


def stub_generators(image: StubImageGenerator | None = None, voice: StubVoiceGenerator | None = None) -> object:
    """Return a generators factory with these stub providers (the others stay offline)."""

    def factory(settings: Settings) -> Generators:
        base = generators_for(settings)
        return Generators(image=image or base.image, video=base.video, voice=voice or base.voice)

    return factory


def calls(log: Path) -> list[str]:
    """Return the request hashes the stub generated, one per completed call."""
    return log.read_text(encoding="utf-8").split() if log.exists() else []


def _worker(folder: str) -> None:
    from agent.jobs.worker import serve

    log = os.environ.get("REELSMITH_TEST_STUB_LOG")
    latency = float(os.environ.get("REELSMITH_TEST_STUB_LATENCY_S", "0"))
    image = StubImageGenerator(latency_s=latency, log=Path(log) if log else None)
    voice = StubVoiceGenerator(latency_s=latency, log=Path(log) if log else None)
    serve(load_settings(), [Path(folder)], generators=stub_generators(image, voice))  # type: ignore[arg-type]


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "worker":
        _worker(sys.argv[2])
    else:
        sys.exit("usage: python -m tests.jobs_support worker DIR")
