"""Render every workbook template to PNG pages so a person can look at them.

    python scripts/render_templates.py OUT_DIR [--templates workbook_templates]

LibreOffice turns each .xlsx into a PDF (recalculating it), pdftoppm turns each PDF page into
OUT_DIR/<locale>/<template>.<flavour>-<page>.png. The output is not committed.
"""

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from clv_udfs.workbooks import soffice


def render(templates, out_dir, dpi=80):
    """Render every ``*.xlsx`` under ``templates`` into ``out_dir``; returns the PNG paths."""
    if shutil.which("pdftoppm") is None:
        sys.exit("pdftoppm (poppler-utils) is not installed")
    pngs = []
    for folder in sorted({p.parent for p in Path(templates).rglob("*.xlsx")}):
        target = Path(out_dir) / folder.relative_to(templates)
        target.mkdir(parents=True, exist_ok=True)
        for pdf in soffice.convert(sorted(folder.glob("*.xlsx")), target, "pdf"):
            subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(pdf.with_suffix(""))],
                           check=True)
            pdf.unlink()
        pngs += sorted(target.glob("*.png"))
    return pngs


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--templates", type=Path, default=Path("workbook_templates"))
    args = parser.parse_args()
    for png in render(args.templates, args.out_dir):
        print(png)


if __name__ == "__main__":
    main()
