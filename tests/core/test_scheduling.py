"""A Speculation: the leader's follow-up starts while other tasks still run, a follow-up no
longer needed is cancelled at its checkpoint, on one core nothing runs that is not taken, and
a task's error reaches the caller with every follow-up stopped."""

import threading
import time

import pytest

from clv_udfs.core.models import scheduling
from clv_udfs.core.models.scheduling import Speculation, checkpoint


def leader(finished):
    """The largest result so far."""
    return max(finished, key=finished.get)


class Log:
    """Follow-ups that record when they start and how they end; ``hold`` keeps one running,
    passing its checkpoint, until it is cancelled (or a minute passes)."""

    def __init__(self, hold=()):
        self.started, self.ended, self.hold = [], {}, set(hold)
        self.running = threading.Event()   # some follow-up has started

    def follow_up(self, result):
        def work():
            self.started.append(result)
            self.running.set()
            try:
                deadline = time.monotonic() + 60
                while result in self.hold and time.monotonic() < deadline:
                    checkpoint()
                    time.sleep(0.001)
                checkpoint()
            except BaseException as problem:
                self.ended[result] = type(problem).__name__
                raise
            self.ended[result] = "done"
            return 10 * result
        return work


def test_the_leaders_follow_up_starts_before_the_last_task_ends(machine_cores):
    machine_cores(2)
    log = Log()

    def last():
        assert log.running.wait(60)   # ends once the follow-up of `first` has started
        return 1

    with Speculation([last, lambda: 2], log.follow_up, leader) as work:
        assert work.results() == (1, 2) and log.started == [2]
        assert work.take(1) == 20 and log.started == [2]   # taken, not started again


def test_a_follow_up_not_taken_stops_at_its_checkpoint_without_an_error(machine_cores):
    machine_cores(2)
    log, before = Log(hold={3}), threading.active_count()

    def slow():
        assert log.running.wait(60)   # ends once the leader's follow-up runs
        return 1

    with Speculation([slow, lambda: 3], log.follow_up, leader) as work:
        assert work.results() == (1, 3)
        assert work.take(0) == 10      # the leader's held follow-up is cancelled
    assert log.started[0] == 3 and log.ended == {3: "_Cancelled", 1: "done"}
    assert threading.active_count() == before


def test_on_one_core_only_the_follow_up_taken_runs(machine_cores):
    machine_cores(1)
    log = Log()
    with Speculation([lambda: 1, lambda: 2], log.follow_up, leader) as work:
        assert work.results() == (1, 2) and log.started == []
        assert work.take(0) == 10 and log.started == [1]


def test_a_tasks_error_reaches_the_caller_and_stops_the_follow_ups(machine_cores):
    machine_cores(2)
    log, before = Log(hold={2}), threading.active_count()

    def broken():
        assert log.running.wait(60)
        raise ValueError("broken task")

    with pytest.raises(ValueError, match="broken task"):
        with Speculation([broken, lambda: 2], log.follow_up, leader) as work:
            work.results()
    assert log.ended == {2: "_Cancelled"}
    assert threading.active_count() == before


def test_tasks_start_in_order_one_per_core_and_the_leaders_follow_up_before_a_waiting_one(
        machine_cores):
    machine_cores(2)
    log, begun = Log(), []

    def task(k):
        def run():
            begun.append(f"task {k}")
            if k == 1:
                assert log.running.wait(60)   # ends once the leader's follow-up runs
            return k
        return run

    def follow_up(result):
        work = log.follow_up(result)
        return lambda: begun.append(f"follow-up {result}") or work()

    with Speculation([task(0), task(1), task(2)], follow_up, leader, [2, 1, 0]) as work:
        assert work.results() == (0, 1, 2)
        assert work.take(2) == 20
    assert sorted(begun[:2]) == ["task 1", "task 2"]
    assert begun[2:] == ["follow-up 2", "task 0"]


def test_the_cores_are_those_the_affinity_allows_within_the_cpu_quota(monkeypatch, tmp_path):
    """A container sees its host's cores in os.cpu_count; its --cpus quota (cgroup v2
    cpu.max: quota and period in microseconds) caps the fits' threads, rounded up."""
    monkeypatch.setattr(scheduling, "_allowed", lambda: 8)
    limit = tmp_path / "cpu.max"
    monkeypatch.setattr(scheduling, "CPU_QUOTA", str(limit))
    expected = {"max 100000\n": 8, "100000 100000\n": 1, "150000 100000\n": 2,
                "50000 100000\n": 1, "1600000 100000\n": 8, "garbled\n": 8}
    for text, count in expected.items():
        limit.write_text(text)
        assert scheduling.cores() == count, text
    limit.unlink()   # no cgroup v2: the affinity alone
    assert scheduling.cores() == 8
