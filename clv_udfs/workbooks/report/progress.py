"""A one-line progress display on stderr for long reports, with no dependency.

It draws only when the stream is a terminal: piped output, log files and test runs stay clean.
Each update rewrites the line with ``\\r``; :meth:`Progress.close` ends it.
"""

import sys
import time

_WIDTH = 30
_MIN_INTERVAL = 0.1   # seconds between redraws


class Progress:
    """``stage("reading")`` names the step; ``advance(done, total)`` draws a bar for it."""

    def __init__(self, stream=None, enabled=None):
        self.stream = sys.stderr if stream is None else stream
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.name = ""
        self._drawn = 0.0

    def _draw(self, text):
        if self.enabled:
            self.stream.write(f"\r{text}\033[K")
            self.stream.flush()

    def stage(self, name):
        """Start step ``name`` (shown until the next stage)."""
        self.name = name
        self._draw(f"{name}…")

    def advance(self, done, total):
        """Show ``done`` of ``total`` items of the current stage (at most every 0.1 s)."""
        now = time.monotonic()
        if done < total and now - self._drawn < _MIN_INTERVAL:
            return
        self._drawn = now
        filled = _WIDTH * done // max(total, 1)
        self._draw(f"{self.name} [{'#' * filled}{'.' * (_WIDTH - filled)}] {done:,}/{total:,}")

    def close(self):
        """Clear the line."""
        self._draw("")


SILENT = Progress(enabled=False)
