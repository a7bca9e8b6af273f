"""When to give up on the edge service for the rest of a run.

Retries make one request patient (about 15 s of backoff over five attempts), which is
right when the service hiccups and wrong when it is down: an edition of ~130 clips at
four connections would spend many minutes retrying, one batch of four after another,
before it could say so. The first requests tell us already. When ``threshold`` of them
(one batch: the connection cap) have used up every attempt and the service has not
spoken a single chunk this run, the breaker opens and the run fails every clip still
waiting at once, with the same reason. One success proves the service works; after that
a failing clip is that clip's problem, and the others carry on.
"""

from __future__ import annotations


class Breaker:
    """Counts exhausted requests until the first success; opens at ``threshold``."""

    def __init__(self, threshold: int) -> None:
        if threshold < 1:
            raise ValueError("threshold must be at least 1")
        self.threshold = threshold
        self.successes = 0
        self.failures = 0
        self.reason: str | None = None  # why it opened; None while closed

    @property
    def is_open(self) -> bool:
        return self.reason is not None

    def succeeded(self) -> None:
        """The service answered one chunk in full: it works, never open from now on."""
        self.successes += 1

    def gave_up(self, reason: str) -> bool:
        """A request used up its attempts; True when this failure opens the breaker."""
        if self.is_open or self.successes:
            return False
        self.failures += 1
        if self.failures >= self.threshold:
            self.reason = reason
            return True
        return False
