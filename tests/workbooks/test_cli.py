"""``clv-udfs templates``: what it writes, and that it never overwrites without --force."""

import openpyxl

from clv_udfs.cli import main
from clv_udfs.workbooks import build


def test_writes_both_flavours_and_refuses_to_overwrite(tmp_path, capsys):
    assert main(["templates", "--out", str(tmp_path), "--currency", "USD", "--lang", "nl"]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(build.file_name(k, f) for k in build.TEMPLATES
                           for f in build.flavours_of(k))
    before = (tmp_path / names[0]).read_bytes()
    assert main(["templates", "--out", str(tmp_path)]) == 2
    assert "--force" in capsys.readouterr().err
    assert (tmp_path / names[0]).read_bytes() == before
    assert main(["templates", "--out", str(tmp_path), "--force"]) == 0


def test_live_flavour_with_a_namespace(tmp_path):
    assert main(["templates", "--out", str(tmp_path), "--flavour", "live",
                 "--namespace", "XLWINGS"]) == 0
    path = tmp_path / build.file_name("clv-calculator", "live")
    assert [p.name for p in tmp_path.iterdir() if "portable" in p.name] == []
    formulas = [c.value for row in openpyxl.load_workbook(path).active.iter_rows()
                for c in row if c.data_type == "f"]
    assert any(f.startswith("=XLWINGS.CLV_SIMPLE(") for f in formulas)


def test_a_namespace_that_is_not_a_name_is_refused_before_writing(tmp_path, capsys):
    assert main(["templates", "--out", str(tmp_path), "--namespace", "X)+1+("]) == 2
    assert 'namespace: "X)+1+(" is not a name' in capsys.readouterr().err
    assert not list(tmp_path.iterdir())
