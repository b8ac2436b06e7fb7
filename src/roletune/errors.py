"""Typed errors. The library raises these; only the CLI turns them into messages and exit codes."""

from __future__ import annotations


class RoletuneError(Exception):
    """A failure while doing the work (exit code 1). `hint` says what to do about it."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


class UserError(RoletuneError):
    """Bad input from the user: config, data, arguments (exit code 2)."""

    exit_code = 2


class ConfigError(UserError):
    """A config file or --set override is invalid; the message names the key and where it came from."""


class DataError(UserError):
    """A dataset has problems; `problems` lists every one as `file:line: field: message`."""

    def __init__(self, message: str, problems: list[str], *, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.problems = problems


class StaleOutputError(UserError):
    """A stage's finished output was made from a different config; we never overwrite it silently."""


class StageFailed(RoletuneError):
    """A stage ran and failed its own acceptance (e.g. parity, smoke test)."""
