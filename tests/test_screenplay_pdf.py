"""The screenplay as a PDF: a title page, the script in standard layout, speeches broken with (MORE)/(CONT'D).

pypdf reads every PDF; poppler's pdftotext (Debian package ``poppler-utils``) checks the demo too when installed.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

import agent.formats.screenplay_pdf as screenplay_pdf
import agent.tools.edit as edit
from agent.cli import main
from agent.config import Settings
from agent.exports import export_project
from agent.formats.errors import ExportError
from agent.formats.screenplay_pdf import write_screenplay_pdf
from agent.project import InvalidInputError, Project
from agent.tools.base import ToolContext

LETTER, A4 = (612, 792), (595, 842)
HEADING, CUE, LINE = "INT. LOST PROPERTY OFFICE - NIGHT", "RUBEN", "Last delivery. Route nine was generous tonight."


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("script") / "demo"
    assert main(["new", str(folder), "--demo"]) == 0
    return folder


def _export(folder: Path, out: Path, *extra: str) -> int:
    return main(["export", str(folder), "--format", "screenplay-pdf", "--out", str(out), *extra])


def _pages(source: Path | io.BytesIO) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(source).pages]


def _flat(text: str) -> str:
    return " ".join(text.split())


def _size(source: Path | io.BytesIO) -> tuple[int, int]:
    box = PdfReader(source).pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


def test_the_demo_prints_a_title_page_then_the_script_in_order(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "script.pdf"
    assert _export(demo, out) == 0
    pages = _pages(out)
    assert 4 <= len(pages) <= 6, len(pages)  # a four-minute short: about a page a minute, plus the title page
    title = _flat(pages[0])
    for words in ("LOST PROPERTY", "Written by", "The Reelsmith Demo Company", "Draft 3"):
        assert words in title
    assert "INT." not in title and CUE not in title
    script = _flat(" ".join(pages[1:]))
    at = [script.find(HEADING), script.find(CUE), script.find(LINE), script.find("FADE OUT.")]
    assert -1 not in at and at == sorted(at), at
    assert script.startswith(HEADING)
    assert _flat(pages[2]).startswith("2.") and not _flat(pages[1]).startswith("1.")  # numbered from page 2
    assert _size(out) == LETTER


def test_paper_a4_when_asked(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "a4.pdf"
    assert _export(demo, out, "--paper", "a4") == 0
    assert _size(out) == A4
    assert HEADING in _flat(_pages(out)[1])


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")
def test_pdftotext_reads_the_layout(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "script.pdf"
    assert _export(demo, out) == 0
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], check=True, capture_output=True, text=True,
                          timeout=120).stdout
    lines = text.splitlines()
    heading = next(line for line in lines if HEADING in line)
    cue = next(line for line in lines if line.strip() == CUE)
    said = next(line for line in lines if line.strip().startswith("Last delivery."))
    transition = next(line for line in lines if line.strip() == "CUT TO:")
    indent = [len(line) - len(line.lstrip()) for line in (heading, said, cue, transition)]
    assert indent == sorted(indent) and len(set(indent)) == 4, indent  # action < dialogue < cue < transition


def _long_speech(filler: int, *, wide: bool) -> str:
    # One beat that wraps to two lines shifts the speech by a line, so the cue lands on every line near the foot.
    first = "A long beat that runs past the end of one line of action and wraps onto a second line." if wide else ""
    action = "\n\n".join([*([first] if first else []), *(f"Beat {n} of the wait." for n in range(filler))])
    speech = " ".join(f"Sentence {n} of the long goodbye." for n in range(90))
    return f"{action}\n\nMARGOT\n(low)\n{speech}\n\nShe leaves."


@pytest.mark.parametrize("wide", [False, True])
@pytest.mark.parametrize("filler", [20, 23, 24, 25, 26])
def test_a_speech_across_a_page_break_gets_more_and_contd(filler: int, wide: bool) -> None:
    out = io.BytesIO()
    write_screenplay_pdf(title_page=[("Title", "Goodbyes")], preamble="", scenes=[("INT. HALL - DAY", None,
                         _long_speech(filler, wide=wide))], out=out)
    pages = [[line.strip() for line in page.splitlines() if line.strip()] for page in _pages(out)[1:]]
    breaks = [n for n, page in enumerate(pages) if page[-1] == "(MORE)"]
    assert breaks, pages
    for n in breaks:
        assert pages[n + 1][1] == "MARGOT (CONT'D)"  # under the page number
        assert pages[n][-2] not in ("MARGOT", "(low)") and "goodbye" in pages[n][-2]  # a line of the speech
    for page in pages:
        assert page[-1] not in ("MARGOT", "(low)"), page[-3:]  # a cue or a direction never ends a page
    text = _flat(" ".join(" ".join(page) for page in pages))
    assert text.count("MARGOT") == 1 + len(breaks)
    assert "Sentence 89 of the long goodbye." in text and text.endswith("She leaves.")


def test_a_cue_that_would_end_a_page_moves_with_its_speech() -> None:
    # The heading and 26 one-line beats with a blank line before each fill 52 of the 54 lines a letter page holds.
    body = "\n\n".join(f"Beat {n}." for n in range(26)) + "\n\nMARGOT\nA short answer."
    out = io.BytesIO()
    write_screenplay_pdf(title_page=[], preamble="", scenes=[("INT. HALL - DAY", None, body)], out=out)
    pages = _pages(out)
    assert "MARGOT" not in pages[1] and "MARGOT" in pages[2] and "A short answer." in pages[2]
    assert "(MORE)" not in " ".join(pages)


def test_a_heading_that_would_end_a_page_moves_with_its_scene() -> None:
    # 51 lines, then the next heading's two blank lines and itself would just fit; its first line would not.
    scenes = [("INT. HALL - DAY", None, "\n\n".join(f"Beat {n}." for n in range(25))),
              ("EXT. YARD - NIGHT", None, "Rain.")]
    out = io.BytesIO()
    write_screenplay_pdf(title_page=[], preamble="", scenes=scenes, out=out)
    pages = [_flat(page) for page in _pages(out)]
    assert "Beat 24." in pages[1] and "EXT. YARD" not in pages[1]
    assert pages[2] == "2. EXT. YARD - NIGHT Rain."


def test_fountain_extras_print_sensibly() -> None:
    body = ("[[a note for the writer]]\n\n/* a cut line */\n\n# Act one\n\n= a synopsis\n\n>INTERMISSION<\n\n"
            "===\n\nBRAM\nLeft *side*.\n\nCLEO ^\nRight side.\n\n> SMASH CUT TO:")
    out = io.BytesIO()
    pages = write_screenplay_pdf(title_page=[], preamble="", scenes=[("ext. yard - day", "12A", body)], out=out,
                                 fallback_title="Yard Film")
    texts = [_flat(t) for t in _pages(out)]
    assert pages == len(texts) == 3
    assert "Yard Film" in texts[0]
    assert texts[1].count("12A") == 2 and "EXT. YARD - DAY" in texts[1] and "INTERMISSION" in texts[1]
    for hidden in ("note for the writer", "cut line", "Act one", "synopsis"):
        assert hidden not in " ".join(texts)
    assert "BRAM" in texts[2] and "CLEO" in texts[2] and "SMASH CUT TO:" in texts[2]  # after the page break


def test_letter_by_default_a4_when_asked_and_bad_paper_refused() -> None:
    scenes = [("INT. HALL - DAY", None, "Quiet.")]
    letter, a4 = io.BytesIO(), io.BytesIO()
    write_screenplay_pdf(title_page=[], preamble="", scenes=scenes, out=letter)
    write_screenplay_pdf(title_page=[], preamble="", scenes=scenes, out=a4, paper="a4")
    assert (_size(letter), _size(a4)) == (LETTER, A4)
    with pytest.raises(ExportError, match="a3"):
        write_screenplay_pdf(title_page=[], preamble="", scenes=scenes, out=io.BytesIO(), paper="a3")


def test_a_failing_export_leaves_no_file(demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    with Project.open(demo) as project:
        with pytest.raises(InvalidInputError, match="a3"):
            export_project(project, "screenplay-pdf", folder / "bad-paper.pdf", paper="a3")

        def broken(*args: object, **kwargs: object) -> None:
            raise OSError("disk full")

        monkeypatch.setattr(os, "fsync", broken)  # the write itself fails, after the PDF is made
        with pytest.raises(OSError, match="disk full"):
            export_project(project, "screenplay-pdf", folder / "script.pdf")
        monkeypatch.undo()
        monkeypatch.setattr(screenplay_pdf, "_draw_page", broken)  # the layout fails half way
        with pytest.raises(OSError, match="disk full"):
            export_project(project, "screenplay-pdf", folder / "script.pdf")
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize(("words", "pdf"), [("fountain", True), ("fdx", True), ("screenplay-pdf", None)])
def test_the_export_tool_writes_the_script_pdf(demo: Path, tmp_path: Path, words: str, pdf: bool | None) -> None:
    film = tmp_path / "film"
    shutil.copytree(demo, film)
    with Project.open(film) as project:
        tool = next(t for t in edit.editor_tools(ToolContext(project, Settings())) if t.name == "export_project")
        answer = tool.invoke({"format": words, "pdf": pdf})
    assert answer.startswith("Exported screenplay-pdf to exports/") and answer.endswith(".pdf."), answer
    (written,) = (film / "exports").glob("*.pdf")
    assert _size(written) == LETTER and HEADING in _flat(_pages(written)[1])


def test_the_export_tool_still_refuses_a_pdf_of_a_cut(demo: Path, tmp_path: Path) -> None:
    film = tmp_path / "film"
    shutil.copytree(demo, film)
    with Project.open(film) as project:
        tool = next(t for t in edit.editor_tools(ToolContext(project, Settings())) if t.name == "export_project")
        answer = tool.invoke({"format": "edl", "pdf": True})
    assert answer.startswith("Error: there is no PDF of the edl export") and "screenplay" in answer
    assert not (film / "exports").exists() or list((film / "exports").iterdir()) == []


def test_format_words_for_the_script_pdf() -> None:
    assert edit.export_format("fountain", pdf=True) == "screenplay-pdf"
    assert edit.export_format("screenplay") == "fountain"
    assert edit.export_format("screenplay", pdf=True) == "screenplay-pdf"
    assert edit.export_format("fdx") == "fdx" and edit.export_format("otio", pdf=True) == "otio"


def test_the_offline_chat_exports_the_script_as_pdf(demo: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    film = tmp_path / "film"
    shutil.copytree(demo, film)
    capsys.readouterr()
    assert main(["chat", str(film), "could the producer get our screenplay as a pdf on a4", "--json"]) == 0
    events = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]
    calls = [(e["name"], e["args"]) for e in events if e["type"] == "tool"]
    assert calls == [("export_project", {"format": "screenplay-pdf", "pdf": True, "paper": "a4"})]
    (written,) = (film / "exports").glob("*screenplay-pdf*.pdf")
    assert _size(written) == A4
