"""Building several deals at once: own folders, parallel workers, one bad deal stops nothing."""
from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner
from helpers import run

from agreement_builder.cli import main
from agreement_builder.versions.batch import plan_jobs
from agreement_builder.versions.manifest import read_manifest


def _deals(folder: Path, example_file: Path, names: list[str]) -> None:
    folder.mkdir()
    text = example_file.read_text(encoding="utf-8")
    for i, name in enumerate(names):
        (folder / name).write_text(text.replace("Larkspur–Tidewater Retail Insight Alliance",
                                                f"Alliance number {i}"), encoding="utf-8")


def test_folder_of_deals_builds_each_into_its_own_folder_and_reports_failures(example_file, tmp_path):
    deals = tmp_path / "deals"
    _deals(deals, example_file, ["north.yaml", "South Deal.yaml", "east.yml"])
    (deals / "broken.yaml").write_text("partners: [\n", encoding="utf-8")
    (deals / "notes.txt").write_text("not a deal", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(deals), "-o", str(out), "--jobs", "2"])
    assert result.exit_code == 1  # one deal failed
    assert sorted(p.name for p in out.iterdir()) == ["east", "north", "south-deal"]
    for name in ("east", "north", "south-deal"):
        assert read_manifest(out / name).version == 1
        assert (out / name / "agreement.docx").is_file()
    assert "broken.yaml" in result.output and "not valid YAML" in result.output
    assert "3 of 4 deal(s) built, 1 failed." in result.output
    assert "Building 4 deals" in result.output  # the progress bar's label


def test_batch_rebuild_is_up_to_date(example_file, tmp_path):
    deals = tmp_path / "deals"
    _deals(deals, example_file, ["a.yaml", "b.yaml"])
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["build", str(deals), "-o", str(out), "--jobs", "1"]).exit_code == 0
    again = CliRunner().invoke(main, ["build", str(deals / "a.yaml"), str(deals / "b.yaml"), "-o", str(out)])
    assert again.exit_code == 0, again.output
    assert again.output.count("(up to date)") == 2


def test_folder_names_are_safe_and_unique(tmp_path):
    for sub in ("x", "y"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "deal.yaml").write_text("", encoding="utf-8")
    (tmp_path / "..evil .yaml").write_text("", encoding="utf-8")
    jobs = plan_jobs([tmp_path / "x", tmp_path / "y" / "deal.yaml", tmp_path / "..evil .yaml"], tmp_path / "out")
    names = [j.folder.name for j in jobs]
    assert names[0] != names[1] and all(re.fullmatch(r"deal-[0-9a-f]{8}", n) for n in names[:2])
    assert names[2] == "evil"
    assert all(j.folder.parent == tmp_path / "out" for j in jobs)
    # The same deals named in the other order keep their folders.
    swapped = plan_jobs([tmp_path / "..evil .yaml", tmp_path / "y" / "deal.yaml", tmp_path / "x"], tmp_path / "out")
    assert {j.answers: j.folder for j in swapped} == {j.answers: j.folder for j in jobs}


def test_two_deals_of_the_same_name_keep_their_folders_in_either_order(example_file, tmp_path):
    for sub in ("x", "y"):
        _deals(tmp_path / sub, example_file, ["a.yaml"])
    first = run("build", tmp_path / "x" / "a.yaml", tmp_path / "y" / "a.yaml", "-o", tmp_path / "out", "-j", "1")
    assert first.exit_code == 0, first.output
    again = run("build", tmp_path / "y" / "a.yaml", tmp_path / "x" / "a.yaml", "-o", tmp_path / "out", "-j", "1")
    assert again.exit_code == 0, again.output
    assert again.output.count("(up to date)") == 2 and "version 2" not in again.output
