"""One exception family, so the CLI can catch it and print one readable line.

Every error a user can cause or meet (bad input, missing model, dead network) is an
``AudioEditionError``; anything else is a bug and is allowed to show a traceback.
"""

from __future__ import annotations


class AudioEditionError(Exception):
    """Base of every error the CLI reports as one line with exit code ``exit_code``."""

    exit_code: int = 1


class InputError(AudioEditionError):
    """The user gave us something we cannot read: wrong path, empty, binary, bad id."""

    exit_code = 2


class ModelMissing(AudioEditionError):
    """A voice model is not installed; the message says how to install it."""


class UnreadableText(AudioEditionError):
    """The offline frontend met a character it cannot read aloud (never drop it silently)."""


class SynthesisFailed(AudioEditionError):
    """Some clips could not be synthesised after every retry.

    ``failed`` maps the index of each failed request to the last reason, so the caller
    can say which articles failed or fill them from another engine.
    """

    def __init__(self, message: str, failed: dict[int, str] | None = None) -> None:
        super().__init__(message)
        self.failed: dict[int, str] = dict(failed or {})


class ServiceRejected(SynthesisFailed):
    """The online service refused us (401/403): retrying will not help."""


class ManifestError(AudioEditionError):
    """An edition folder has no readable ``edition.json``."""

    exit_code = 2


class DiskFull(AudioEditionError):
    """A write found no space left (or the quota spent); nothing half-written is kept."""

    exit_code = 1


def disk_full(exc: OSError, target: object = None) -> DiskFull | None:
    """The one-line error for ``exc`` if it says the disk is full, else None."""
    import errno

    if exc.errno not in {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}:
        return None
    where = target if target is not None else exc.filename
    place = f" writing {where}" if where else ""
    return DiskFull(
        f"no space left on the device{place}; the previous files are unchanged "
        "(free some space and rerun: finished clips are cached)"
    )
