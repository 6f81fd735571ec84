"""The retyped-set check (evals/perturb.py): requests retyped one way, checks kept, nothing else touched."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from evals.perturb import main, retype, retype_set
from evals.scenario import load_scenarios


@pytest.mark.parametrize(("kind", "said", "typed"), [
    ("lower", "Give Mara a Scarf", "give mara a scarf"),
    ("polite", "Give Mara a scarf.", "hey, give Mara a scarf. thanks"),
    ("polite", "What does Tomas say?", "hey, what does Tomas say?"),
    ("noapos", "What's Mara's line?", "Whats Maras line"),
    ("nopunct", "Mara, wait. Please!", "Mara wait Please"),
    ("aside", "Give Mara a scarf.", "Long day in the edit. Give Mara a scarf."),
])
def test_a_request_is_retyped_one_way(kind: str, said: str, typed: str) -> None:
    assert retype(said, kind) == typed


def test_a_swap_keeps_the_letters_and_quotes_and_is_the_same_each_time() -> None:
    said = 'have tomas whisper "lanterns everywhere" on the crossing'
    typed = retype(said, "typo")
    assert typed != said and sorted(typed) == sorted(said) and '"lanterns everywhere"' in typed
    assert retype(said, "typo") == typed
    assert retype("cut it", "typo") == "cut it"  # no word long enough: left as typed


def test_an_unknown_kind_is_one_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown kind 'shouting'"):
        retype("cut it", "shouting")


def _scenario(folder: Path, name: str, user: str, project: str = "demo") -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump({"id": name, "project": project, "tags": ["action"],
                                    "turns": [{"user": user}, {"decision": "approve"}],
                                    "expect": {"state": [{"path": "history.count", "changed": True}]}}))
    return path


def test_a_set_is_retyped_with_checks_kept_and_ids_marked(tmp_path: Path) -> None:
    source = tmp_path / "set"
    source.mkdir()
    _scenario(source, "pier-fog", "Add fog to the pier scene.")
    _scenario(source, "bare", "cut it")  # unchanged by lower case: skipped
    (source / "pier.fountain").write_text("EXT. PIER - NIGHT\n\nFog.\n")
    _scenario(source, "own-script", "Tag scene 1 Night", project="pier.fountain")
    written = retype_set(source, tmp_path / "out", "lower")
    assert sorted(p.name for p in written) == ["own-script.yaml", "pier-fog.yaml"]
    loaded = {s.id: s for s in load_scenarios([tmp_path / "out"])}
    assert loaded["pier-fog~lower"].turns[0].user == "add fog to the pier scene."
    assert loaded["pier-fog~lower"].turns[1].decision == "approve"
    assert [c.path.text for c in loaded["pier-fog~lower"].expect.state] == ["history.count"]
    data = yaml.safe_load((tmp_path / "out" / "own-script.yaml").read_text())
    assert Path(data["project"]) == (source / "pier.fountain").resolve()


def test_only_what_passed_in_a_report_is_retyped_and_bad_input_writes_nothing(tmp_path: Path,
                                                                            capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "set"
    source.mkdir()
    _scenario(source, "a", "Add Fog")
    _scenario(source, "b", "Add Rain")
    report = tmp_path / "run.json"
    report.write_text(json.dumps({"scenarios": [{"id": "a", "passed": True}, {"id": "b", "passed": False}]}))
    assert main([str(source), str(tmp_path / "out"), "--kind", "lower", "--passed", str(report)]) == 0
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["a.yaml"]
    assert main([str(source), str(tmp_path / "out"), "--kind", "lower"]) == 2  # not empty: refused
    assert main([str(source), str(tmp_path / "fresh"), "--kind", "lower", "--passed", str(source / "a.yaml")]) == 2
    assert not (tmp_path / "fresh").exists()
    assert "not a runner report" in capsys.readouterr().err
