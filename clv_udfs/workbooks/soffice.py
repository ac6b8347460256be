"""Run LibreOffice headless: recalculate workbooks or render them, many files per run.

Each run gets its own throw-away LibreOffice profile (so runs never share a lock or settings),
told to recalculate every formula when a file is loaded. LibreOffice exits 0 even when a
conversion fails, so the output files are checked instead.
"""

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import CLVError

_ALWAYS_RECALCULATE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
           xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
  <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
  <prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def executable():
    """The path of ``soffice``, or None when LibreOffice is not installed."""
    return shutil.which("soffice")


def convert(paths, out_dir, target="xlsx", timeout=300):
    """Convert ``paths`` with one LibreOffice run into ``out_dir``; returns the new paths.

    ``target`` is a ``--convert-to`` argument: "xlsx" recalculates and saves, "pdf" renders.
    The outputs are named after the inputs, so the inputs' file names must differ.
    """
    soffice = executable()
    if soffice is None:
        raise CLVError("LibreOffice (soffice) is not installed")
    paths = [Path(p) for p in paths]
    if len({p.stem for p in paths}) < len(paths):
        raise ValueError("two inputs have the same file name; their outputs would collide")
    out_dir = Path(out_dir)
    extension = target.split(":")[0]
    with tempfile.TemporaryDirectory(prefix="clv-soffice-") as profile:
        user = Path(profile) / "user"
        user.mkdir()
        (user / "registrymodifications.xcu").write_text(_ALWAYS_RECALCULATE, encoding="utf-8")
        result = subprocess.run(
            [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
             "--norestore", "--convert-to", target, "--outdir", str(out_dir),
             *map(str, paths)],
            capture_output=True, text=True, timeout=timeout, check=False)
    outputs = [out_dir / f"{p.stem}.{extension}" for p in paths]
    missing = [str(p) for p in outputs if not p.exists()]
    if missing:
        raise CLVError(f"LibreOffice did not write {', '.join(missing)}: "
                       f"{(result.stderr or result.stdout).strip()[-500:]}")
    return outputs
