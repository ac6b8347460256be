"""Fixtures for the Excel layer: the Office.js path (xlwings Lite/Server) run with real xlwings code.

tests/conftest.py loads xlwings in server mode; ``XLWINGS_ON_SERVER`` also tells our façade,
at call time, whether it runs on Office.js, so the classic fixture unsets it.
"""

import asyncio
import sys
from pathlib import Path

import numpy as np
import pytest
import xlwings as xw
from xlwings import server

from clv_udfs import excel

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))  # fuzz_functions


def officejs_payload(name, args):
    """What Excel (Office.js) sends for ``=NAME(args…)``: each argument a 2-D matrix."""
    return {"func_name": name, "args": args, "caller_address": "Sheet1!A1", "formula_name": name,
            "version": xw.__version__, "runtime": "1.4", "culture_info_name": "en-US",
            "date_format": "M/d/yyyy", "client": "Office.js"}


@pytest.fixture
def officejs(monkeypatch):
    """Call an Excel function the way xlwings Lite/Server does; returns the cells or raises."""
    monkeypatch.setenv("XLWINGS_ON_SERVER", "true")

    def call(name, *args):
        return asyncio.run(server.custom_functions_call(officejs_payload(name, list(args)), excel))

    return call


@pytest.fixture
def classic(monkeypatch):
    """Call an Excel function as the classic Windows add-in does (plain Python call)."""
    monkeypatch.delenv("XLWINGS_ON_SERVER", raising=False)

    def call(name, *args):
        return as_xlwings_writes(getattr(excel, name)(*args))

    return call


def as_xlwings_writes(result):
    """The cells xlwings writes for a function's return value: a numpy array through its numpy
    converter (``value.tolist()``), a 2-D list as it is."""
    return result.tolist() if isinstance(result, np.ndarray) else result


ERROR_CELL = {"type": "Error", "basicValue": "#N/A", "errorType": "NotAvailable"}
