"""Test-wide setup: load xlwings as xlwings Lite/Server (Office.js) does.

On Linux ``xw.func`` registers functions only when ``XLWINGS_ON_SERVER`` is set before xlwings
is first imported, and xlwings' server module needs a license key (Lite's free
"noncommercial" one). This must run before any test module imports :mod:`clv_udfs.excel`;
tests of the classic add-in unset the variable per test (see tests/excel/conftest.py).

The ``machine_cores`` fixture sets how many cores the fits see.
"""

import os

import pytest

os.environ["XLWINGS_ON_SERVER"] = "true"
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")


@pytest.fixture
def machine_cores(monkeypatch):
    """``machine_cores(n)``: the fits see n cores (:func:`scheduling.cores`), whatever the
    machine has, its CPU affinity and quota left out."""
    from clv_udfs.core.models import scheduling
    monkeypatch.setattr(scheduling, "CPU_QUOTA", "")
    return lambda n: monkeypatch.setattr(scheduling, "_allowed", lambda: n)
