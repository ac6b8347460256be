"""Fixtures for the workbook tests: the generated templates, LibreOffice, the formulas engine.

The templates are generated once per session into a temporary folder, laid out like the
committed ``workbook_templates/``. Tests that need LibreOffice take the ``soffice`` fixture: it
skips when ``soffice`` is missing, except on CI (``CI=true``), where a missing LibreOffice fails.
"""

import os
import shutil

import pytest

from clv_udfs.workbooks import build, soffice as libreoffice

from .engines import PORTABLE, case_id, path_of


@pytest.fixture(scope="session")
def soffice():
    """Skip (or, on CI, fail) when LibreOffice is not installed."""
    if libreoffice.executable() is None:
        message = "LibreOffice (soffice) is not installed"
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; CI must install it (.ci/run)")
        pytest.skip(message)


@pytest.fixture(scope="session")
def generated(tmp_path_factory):
    """Folder holding a fresh copy of the committed template set."""
    root = tmp_path_factory.mktemp("templates")
    build.write_every_locale(root)
    return root


@pytest.fixture(scope="session")
def recalculated(soffice, generated, tmp_path_factory):
    """Every portable template recalculated by LibreOffice (one run): {case: path}."""
    staged = tmp_path_factory.mktemp("staged")
    sources = [shutil.copy(path_of(generated, case, "portable"), staged / f"{case_id(case)}.xlsx")
               for case in PORTABLE]
    out = tmp_path_factory.mktemp("recalculated")
    return dict(zip(PORTABLE, libreoffice.convert(sources, out)))
