"""Storyboard, shot-list and breakdown exports: every page renders, the text carries every shot and heading.

Two readers check each PDF: pypdf (pure Python, always there with the dev extras) and, when installed,
poppler's pdftoppm/pdftotext (Debian package ``poppler-utils``), the tools the issue names.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from agent.cli import main
from agent.generators import ImageRequest, OfflineImageGenerator, ShotSpec
from agent.project import Project, library
from agent.project.schema import Character, Location, Prop
from agent.project.shots import replace_shots
from agent.project.snapshot import snapshot
from agent.project.views import active_scenes, shot_by_number
from agent.tools.camera import default_breakdown

POPPLER = shutil.which("pdftoppm") is not None and shutil.which("pdftotext") is not None
NO_POPPLER = "poppler-utils (pdftoppm, pdftotext) is not installed; the pypdf checks above still ran"


@pytest.fixture(scope="module")
def boarded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo with every scene broken into shots, one approved still (1.1) and one pending draft (2.1)."""
    folder = tmp_path_factory.mktemp("paper") / "demo"
    assert main(["new", str(folder), "--demo"]) == 0
    with Project.open(folder) as project:
        with project.read() as s:
            cast = set(s.scalars(select(Character.name)))
            places = set(s.scalars(select(Location.name)))
            props = set(s.scalars(select(Prop.name)))
            scenes = [(sc.heading, sc.content) for sc in active_scenes(s)]
        for number, (heading, content) in enumerate(scenes, start=1):
            replace_shots(project, number, default_breakdown(heading, content, cast, places, props), actor="t")
        _still(project, 1, 1, "approved")
        _still(project, 2, 1, "pending")
    return folder


def _still(project: Project, scene: int, shot: int, status: str) -> None:
    spec = ShotSpec(scene_number=scene, shot_number=shot, description=f"shot {scene}.{shot}")
    media = OfflineImageGenerator().generate(ImageRequest(prompt="frame", width=320, height=180, spec=spec))
    stored = library.store_bytes(project, media.data)
    with project.change(actor="t", action="still", summary=f"still {scene}.{shot}") as ch:
        asset = library.record_asset(ch, stored, description="still", metadata=media.metadata)
        link = library.link_asset(ch, asset, "shot", shot_by_number(ch.session, scene, shot).id, "still")
        if status == "approved":
            library.decide_link(ch, link, "approved")


def _export(folder: Path, out: Path, fmt: str, *extra: str) -> int:
    return main(["export", str(folder), "--format", fmt, "--out", str(out), *extra])


def _pages_text(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_storyboard_pdf_carries_every_shot_and_heading(boarded: Path, tmp_path: Path) -> None:
    out = tmp_path / "board.pdf"
    assert _export(boarded, out, "storyboard-pdf", "--layout", "3x2") == 0
    data = snapshot(Project.open(boarded))
    pages = _pages_text(out)
    text = _flat(" ".join(pages))
    for shot in data["shots"]:
        assert re.search(rf"(?<![\d.]){shot['scene']}\.{shot['number']}(?![\d])", text), (shot["scene"], shot["number"])
    for scene in data["scenes"]:
        assert _flat(scene["heading"]) in text
    assert len(pages) >= len(data["scenes"])  # every scene starts a page
    for number, page in enumerate(pages, start=1):
        assert f"page {number} of {len(pages)}" in page
        assert "LOST PROPERTY" in page  # the title on every page
    assert "Because somebody might." in text  # dialogue goes on the shot that covers it


def test_storyboard_pdf_shows_the_approved_still_and_the_latest_draft(boarded: Path, tmp_path: Path) -> None:
    out = tmp_path / "board.pdf"
    assert _export(boarded, out, "storyboard-pdf", "--layout", "2x2") == 0
    reader = PdfReader(out)
    images = [len(page.images) for page in reader.pages]
    texts = [page.extract_text() or "" for page in reader.pages]
    first_of = {n: next(i for i, t in enumerate(texts) if f"SCENE {n} " in t) for n in (1, 2, 3)}
    assert images[first_of[1]] == 1 and "approved" in texts[first_of[1]]
    assert images[first_of[2]] == 1 and "draft" in texts[first_of[2]]
    assert images[first_of[3]] == 0 and "no frame yet" in texts[first_of[3]]


def test_storyboard_layout_and_paper_change_the_pages(boarded: Path, tmp_path: Path) -> None:
    a4, letter, dense = tmp_path / "a4.pdf", tmp_path / "letter.pdf", tmp_path / "dense.pdf"
    assert _export(boarded, a4, "storyboard-pdf") == 0
    assert _export(boarded, letter, "storyboard-pdf", "--paper", "letter") == 0
    assert _export(boarded, dense, "storyboard-pdf", "--layout", "4x3") == 0
    size = {p: tuple(round(float(v)) for v in PdfReader(p).pages[0].mediabox[2:]) for p in (a4, letter)}
    assert size[a4] == (842, 595) and size[letter] == (792, 612)  # landscape
    assert len(PdfReader(dense).pages) < len(PdfReader(a4).pages)


@pytest.mark.parametrize("argv", [["--layout", "9x9"], ["--layout", "wide"], ["--paper", "a3"]])
def test_bad_storyboard_options_write_nothing(boarded: Path, tmp_path: Path, argv: list[str],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "board.pdf"
    assert _export(boarded, out, "storyboard-pdf", *argv) == 2
    assert not out.exists()
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err


def test_layout_on_a_non_storyboard_format_is_refused(boarded: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    assert _export(boarded, out, "breakdown-csv", "--layout", "3x2") == 2
    assert not out.exists()


@pytest.mark.skipif(not POPPLER, reason=NO_POPPLER)
def test_storyboard_pdf_renders_every_page_with_poppler(boarded: Path, tmp_path: Path) -> None:
    out = tmp_path / "board.pdf"
    assert _export(boarded, out, "storyboard-pdf") == 0
    pages = len(PdfReader(out).pages)
    subprocess.run(["pdftoppm", "-r", "20", "-png", str(out), str(tmp_path / "page")], check=True, timeout=120)
    rendered = sorted(tmp_path.glob("page*.png"))
    assert len(rendered) == pages
    from PIL import Image, ImageStat

    for png in rendered:
        with Image.open(png) as img:
            assert ImageStat.Stat(img.convert("L")).stddev[0] > 5, f"{png.name} is blank"
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], check=True, capture_output=True, text=True,
                          timeout=120).stdout
    data = snapshot(Project.open(boarded))
    flat = _flat(text)
    for shot in data["shots"]:
        assert f"{shot['scene']}.{shot['number']}" in flat
    for scene in data["scenes"]:
        assert _flat(scene["heading"]) in flat


def test_shot_list_pdf_has_every_shot(boarded: Path, tmp_path: Path) -> None:
    out = tmp_path / "shots.pdf"
    assert _export(boarded, out, "shotlist-pdf", "--paper", "letter") == 0
    pages = _pages_text(out)
    text = _flat(" ".join(pages))
    data = snapshot(Project.open(boarded))
    for header in ("shot type", "lens", "duration", "status"):
        assert header in text
    for shot in data["shots"]:
        assert _flat(shot["description"])[:18] in text
    for number, page in enumerate(pages, start=1):
        assert f"page {number} of {len(pages)}" in page


def test_breakdown_csv_lists_what_each_scene_needs(boarded: Path, tmp_path: Path) -> None:
    out = tmp_path / "breakdown.csv"
    assert _export(boarded, out, "breakdown-csv") == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    data = snapshot(Project.open(boarded))
    assert [int(r["scene"]) for r in rows] == [s["number"] for s in data["scenes"]]
    assert [int(r["eighths"]) for r in rows] == [s["page_eighths"] for s in data["scenes"]]
    bridge = rows[1]
    assert (bridge["int/ext"], bridge["time of day"], bridge["location"]) == ("EXT", "NIGHT", "RIVER BRIDGE")
    assert bridge["cast"] == "JUNO"
    assert "bus ticket" in bridge["props"] and "phone torch" in bridge["props"]
    assert "JUNO:" in bridge["wardrobe"] and "coat" in bridge["wardrobe"]
    office = rows[0]
    assert office["int/ext"] == "INT" and set(office["cast"].split("; ")) == {"IDA", "RUBEN"}
    assert "cardigan" in office["wardrobe"] and "brass key" in office["props"]
    assert "gloves" not in office["wardrobe"]  # gloves on a shelf are props, not costume
    assert rows[4]["time of day"] == "DAWN"


def test_breakdown_pdf_carries_every_heading(boarded: Path, tmp_path: Path) -> None:
    out = tmp_path / "breakdown.pdf"
    assert _export(boarded, out, "breakdown-pdf") == 0
    text = _flat(" ".join(_pages_text(out)))
    for scene in snapshot(Project.open(boarded))["scenes"]:
        assert _flat(scene["heading"]) in text
    assert "Breakdown" in text and "wardrobe" in text


def test_shot_list_pdf_without_shots_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "fresh"
    assert main(["new", str(folder), "--demo"]) == 0
    capsys.readouterr()
    out = tmp_path / "shots.pdf"
    assert _export(folder, out, "shotlist-pdf") == 2
    assert not out.exists()
    assert "no shots yet" in capsys.readouterr().err
    board = tmp_path / "board.pdf"
    assert _export(folder, board, "storyboard-pdf") == 0  # a board of headings: scenes before shots
    assert "No shots yet" in _flat(" ".join(_pages_text(board)))


def _chat(folder: Path, text: str, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    import json

    capsys.readouterr()
    assert main(["chat", str(folder), text, "--json"]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]


def test_chat_exports_the_storyboard_and_reads_a_breakdown(boarded: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "film"
    shutil.copytree(boarded, folder)
    before = snapshot(Project.open(folder))
    events = _chat(folder, "export the storyboard as a PDF", capsys)
    calls = [e for e in events if e["type"] == "tool"]
    assert [c["name"] for c in calls] == ["export_project"]
    boards = list((folder / "exports").glob("*storyboard-pdf*.pdf"))
    assert len(boards) == 1 and len(PdfReader(boards[0]).pages) >= 6
    events = _chat(folder, "what's the breakdown for scene 2?", capsys)
    assert [(e["name"], e["args"]) for e in events if e["type"] == "tool"] == [
        ("project_overview", {"topic": "breakdown", "scene_number": 2})]
    said = " ".join(str(e["text"]) for e in events if e["type"] == "message")
    assert "EXT. RIVER BRIDGE - NIGHT" in said and "bus ticket" in said and "JUNO" in said
    after = snapshot(Project.open(folder))
    assert after["history"] == before["history"] and after["shots"] == before["shots"]  # both read-only


def test_export_tool_words_map_to_formats() -> None:
    from agent.tools.edit import export_format

    assert export_format("storyboard") == "storyboard-pdf"
    assert export_format("breakdown") == "breakdown-pdf"
    assert export_format("breakdown", csv=True) == "breakdown-csv"
    assert export_format("csv", pdf=True) == "shotlist-pdf"
    assert export_format("csv") == "csv" and export_format("otio", pdf=True) == "otio"


@pytest.mark.parametrize("layout", ["6x6", "1x1", "3x2"])
def test_long_text_and_any_grid_still_print(layout: str) -> None:
    from agent.formats.storyboard_pdf import BoardPanel, BoardScene, write_storyboard_pdf

    words = "word " * 400
    panels = [BoardPanel(f"1.{i}", "medium, eye-level, 35mm, static", words, words, 3.0) for i in range(1, 14)]
    out = io.BytesIO()
    cols, rows = (int(n) for n in layout.split("x"))
    pages = write_storyboard_pdf([BoardScene(1, "INT. A LONG HEADING " * 12, panels)], out,
                                 title="Snow \u2603 film", layout=layout)
    assert pages == -(-13 // (cols * rows))
    text = _flat(" ".join(page.extract_text() or "" for page in PdfReader(out).pages))
    assert "1.13" in text and "Snow ? film" in text  # glyphs the PDF fonts lack print as '?', not boxes
