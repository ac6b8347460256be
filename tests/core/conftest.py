"""Fixtures of the core's tests."""

import pytest

from clv_udfs.core.models import scheduling


@pytest.fixture
def machine_cores(monkeypatch):
    """``machine_cores(n)``: the fits see n cores (:func:`scheduling.cores`), whatever the
    machine has, its CPU affinity and quota left out."""
    monkeypatch.setattr(scheduling, "CPU_QUOTA", "")
    return lambda n: monkeypatch.setattr(scheduling, "_allowed", lambda: n)
