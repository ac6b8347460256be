"""Fits on the cores the process may use (:func:`cores`): independent fits side by side, and
a follow-up fit started on an idle core before it is known to be needed, cancelled when it is
not.

Fits and likelihood passes spend their time in numpy and scipy, which release the interpreter
while they compute, so independent ones share the cores (:func:`side_by_side`). Some work can
only start once a decision is made, e.g. the forecast refits the model the holdout check
chooses, on all the data, and the choice is known only when every model's check fit has
ended; meanwhile a core idles. A :class:`Speculation` starts the follow-up of the task that
leads so far as soon as a core is free; once the decision is made, the chosen follow-up is
taken (running or done) and every other one is cancelled at its next :func:`checkpoint`.
A follow-up computes the same numbers wherever and whenever it runs, so the results are
those of doing it all one after another (which is what happens on one core).

Every thread runs in a copy of the caller's context (its remembered factorisations, its numpy
error state), with BLAS kept to one thread (:func:`one_blas_thread`). A task's own
:func:`side_by_side` runs one after another, so threads never multiply; a follow-up's runs
side by side (the refit's Hessian rows), as it runs on cores the tasks leave free.

>>> with Speculation([lambda: 2, lambda: 3], lambda result: (lambda: 10 * result),
...                  lambda finished: max(finished, key=finished.get)) as work:
...     results = work.results()
...     results, work.take(results.index(3))
((2, 3), 30)
"""

import contextvars
import math
import os
import threading
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from contextlib import ExitStack, contextmanager
from contextvars import ContextVar

from threadpoolctl import threadpool_limits

_ONE_BLAS_THREAD = ContextVar("one BLAS thread", default=False)
_SIDE_BY_SIDE = ContextVar("side by side", default=False)
_STOP = ContextVar("stop", default=None)


@contextmanager
def one_blas_thread():
    """BLAS keeps one thread within the block: a fit's many tiny vector products would queue
    on a loaded machine. Only the outermost block sets the limit; blocks inside it, also on
    threads started within it in a copy of its context (the model check's fits side by
    side), leave it be, because threadpoolctl is not safe to call from several threads at
    once."""
    if _ONE_BLAS_THREAD.get():
        yield
        return
    token = _ONE_BLAS_THREAD.set(True)
    try:
        with threadpool_limits(limits=1, user_api="blas"):
            yield
    finally:
        _ONE_BLAS_THREAD.reset(token)


CPU_QUOTA = "/sys/fs/cgroup/cpu.max"   # Linux (cgroup v2): "quota period", or "max period"


def _allowed():
    """The cores the process's CPU affinity allows (all the machine's where it has none)."""
    return (os.process_cpu_count() if hasattr(os, "process_cpu_count")   # Python 3.13
            else len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
            else os.cpu_count()) or 1


def cores():
    """The cores this process may use: those its CPU affinity allows (a ``taskset``), and no
    more than its control group's CPU quota, rounded up (a container's ``--cpus 1.5`` is 2:
    two threads get the one and a half cores). A container sees every core of its host in
    ``os.cpu_count``, so fits side by side would otherwise queue on a one-core quota.

    >>> cores() >= 1
    True
    """
    count = _allowed()
    try:
        with open(CPU_QUOTA) as limit:
            quota, period = limit.read().split()[:2]
        if quota != "max":
            count = min(count, max(1, math.ceil(float(quota) / float(period))))
    except (OSError, ValueError):   # no cgroup v2 here, or a line not understood: no quota
        pass
    return count


def _several_cores():
    """True when work may go on threads: the process has more than one core (:func:`cores`)
    and the caller is not itself a task on a thread of :func:`side_by_side` or
    :class:`Speculation`."""
    return cores() > 1 and not _SIDE_BY_SIDE.get()


def side_by_side(tasks, threads=None):
    """The results of the callables ``tasks``, in order, computed on up to ``threads`` threads
    (default one per task) when the process has more than one core, else one after another.
    Each task runs in a copy of the caller's context with BLAS kept to one thread (set once
    here for all of them); a task that asks for tasks side by side itself gets them one after
    another, so threads never multiply.

    >>> side_by_side([lambda: 1, lambda: 2, lambda: 3])
    (1, 2, 3)
    """
    threads = min(len(tasks), threads or len(tasks))
    if threads <= 1 or not _several_cores():
        return tuple(task() for task in tasks)
    token = _SIDE_BY_SIDE.set(True)
    try:
        with one_blas_thread(), ThreadPoolExecutor(threads) as pool:
            running = [pool.submit(contextvars.copy_context().run, task) for task in tasks]
            return tuple(future.result() for future in running)
    finally:
        _SIDE_BY_SIDE.reset(token)


class _Cancelled(Exception):
    """Raised by :func:`checkpoint` in a cancelled follow-up; it never leaves the follow-up's
    thread."""


def checkpoint():
    """Stop here if this work was cancelled (a :class:`Speculation`'s follow-up no longer
    needed). Each likelihood pass of a fit calls it, so a cancelled fit frees its core within
    one pass; outside a follow-up it does nothing.

    >>> checkpoint()
    """
    stop = _STOP.get()
    if stop is not None and stop.is_set():
        raise _Cancelled


def _unless_cancelled(work):
    """``work()``, or None when it was cancelled (also before it began)."""
    try:
        checkpoint()
        return work()
    except _Cancelled:
        return None


class Speculation:
    """Tasks side by side, and the follow-up of the task that leads so far started as soon as
    a core is free, before the caller knows which follow-up it needs (a context manager).

    Parameters
    ----------
    tasks : sequence of callables
        Run on threads as by :func:`side_by_side`; :meth:`results` waits for them.
    follow_up : callable
        ``follow_up(result)``: the work (a callable) that may follow a task's result, or None.
    leader : callable
        ``leader(finished)``: of the finished tasks ({index: result}), the index whose
        follow-up is most likely needed, or None.
    order : sequence of int, optional
        The order in which the tasks start (default as given): the longest first, as the
        follow-up of a task that ends early can start early.

    As many tasks and follow-ups run at once as the process has cores, so each has a core;
    when one ends, the leader's follow-up takes the free core before a waiting task: when it
    is the one needed, it started as early as it could, else it delayed that task by one
    follow-up's start. Only the leader's runs: one that stops leading is cancelled, its
    own work may run side by side on the cores left free (a refit's Hessian rows).
    :meth:`take` then names the follow-up needed; the others are cancelled, and every one is
    when the block ends. On one core, or inside a task of :func:`side_by_side`, the tasks run
    one after another and a follow-up only when taken.
    """

    def __init__(self, tasks, follow_up, leader, order=None):
        self._tasks, self._follow_up, self._leader = list(tasks), follow_up, leader
        self._order = list(range(len(self._tasks)) if order is None else order)
        self._finished = {}
        self._started = {}   # index: (future, stop) of the follow-ups started
        self._cancelled = []   # futures of cancelled follow-ups: a core each until they stop
        self._stack = ExitStack()
        self._pool = None

    def __enter__(self):
        if self._tasks and _several_cores():
            self._stack.enter_context(one_blas_thread())
            self._pool = self._stack.enter_context(ThreadPoolExecutor(2 * len(self._tasks) + 1))
            self._stack.callback(self._cancel, None)   # before the pool waits for its threads
        return self

    def __exit__(self, *problem):
        return self._stack.__exit__(*problem)

    def results(self):
        """The tasks' results, in order, once all have ended."""
        if self._pool is None:
            self._finished = dict(enumerate(task() for task in self._tasks))
        else:
            waiting, running = list(self._order), {}
            while self._fill(waiting, running):
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    self._finished[running.pop(future)] = future.result()
        return tuple(self._finished[k] for k in range(len(self._tasks)))

    def take(self, index):
        """The result of the follow-up of task ``index`` (after :meth:`results`), started now
        if it was not; every other follow-up is cancelled first."""
        if self._pool is None:
            return self._follow_up(self._finished[index])()
        self._cancel(index)
        if index not in self._started:
            self._start(index, self._follow_up(self._finished[index]))
        return self._started[index][0].result()

    def _submit(self, work, stop=None):
        """``work`` on a thread of the pool, in a copy of the caller's context in which a task's
        nested work runs one after another, and a follow-up's (``stop``, an Event, cancels
        it) on the cores the tasks leave to it: a refit's Hessian rows side by side."""
        context = contextvars.copy_context()
        context.run(_SIDE_BY_SIDE.set, stop is None)
        context.run(_STOP.set, stop)
        return self._pool.submit(context.run, _unless_cancelled, work)

    def _start(self, index, work):
        """Start ``work``, the follow-up of task ``index``."""
        stop = threading.Event()
        self._started[index] = self._submit(work, stop), stop

    def _cancel(self, keep):
        """Cancel every follow-up started but that of task ``keep``."""
        for index in [k for k in self._started if k != keep]:
            future, stop = self._started.pop(index)
            stop.set()
            self._cancelled.append(future)

    def _fill(self, waiting, running):
        """Give the free cores to the leader's follow-up, then to the ``waiting`` tasks
        (indices; ``running``: future → index); cancel the follow-ups of former leaders.
        Returns whether a task runs."""
        lead = self._leader(dict(self._finished)) if self._finished else None
        self._cancel(lead)
        work = (None if lead is None or lead in self._started
                else self._follow_up(self._finished[lead]))
        while waiting or work is not None:
            busy = (len(running) + sum(not future.done() for future, _ in self._started.values())
                    + sum(not future.done() for future in self._cancelled))
            if busy >= cores() and running:
                break
            if work is not None:
                self._start(lead, work)
                work = None
            else:
                k = waiting.pop(0)
                running[self._submit(self._tasks[k])] = k
        return bool(running)
