"""The clv-udfs command line: demo output and safe file writing."""

import pytest

from clv_udfs.cli import main
from clv_udfs.writing import write_text


def test_demo_prints_the_literature_examples_and_writes_templates(tmp_path, capsys):
    assert main(["demo", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "=CLV_SIMPLE(50, 6, 3) → 900.00" in out
    assert "=CLV_CAC_HEALTH(4) → Healthy" in out
    assert (tmp_path / "templates" / "clv-calculator.portable.xlsx").exists()


def test_demo_run_twice_asks_for_force(tmp_path, capsys):
    assert main(["demo", "--out", str(tmp_path)]) == 0
    assert main(["demo", "--out", str(tmp_path)]) == 2
    assert "pass --force" in capsys.readouterr().err
    assert main(["demo", "--out", str(tmp_path), "--force"]) == 0


def test_docs_refuses_to_overwrite_without_force(tmp_path, capsys):
    target = tmp_path / "functions.md"
    target.write_text("mine")
    assert main(["docs", "--out", str(target)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert target.read_text() == "mine"
    assert main(["docs", "--out", str(target), "--force"]) == 0
    assert target.read_text().startswith("# Function reference")


def test_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "a.txt"
    target.write_text("old")

    class Boom(Exception):
        pass

    with pytest.raises(Boom):
        from clv_udfs.writing import write_atomically
        with write_atomically(target, force=True) as temporary:
            temporary.write_text("half")
            raise Boom
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_write_text_creates_missing_folders(tmp_path):
    write_text(tmp_path / "new" / "b.txt", "x")
    assert (tmp_path / "new" / "b.txt").read_text() == "x"


def test_an_unforeseen_file_system_problem_is_one_line_not_a_traceback(monkeypatch, capsys):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", "docs/functions.md")

    monkeypatch.setattr("clv_udfs.commands.docs.write_text", refuse)
    assert main(["docs"]) == 2
    assert capsys.readouterr().err == "clv-udfs docs: docs/functions.md: Permission denied\n"
