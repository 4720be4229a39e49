"""The error types every layer shares, and the exit code each maps to on the CLI.

This module sits below every layer (store, domain, services, cli, ui may all import it). Each error
carries a message written for the person at the terminal: what is wrong and how to fix it.
"""

from __future__ import annotations

from collections.abc import Sequence


class HuddleError(Exception):
    """Base of every error meant to be shown to a user (never as a traceback)."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None, details: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.summary = message
        self.details = tuple(details)  # one item per line after the message (e.g. each bad CSV row)
        self.message = "\n".join([message, *(f"  {d}" for d in self.details)])
        self.hint = hint

    @property
    def headline(self) -> str:
        """The message without its details, with its hint: what fits on one line."""
        return f"{self.summary} ({self.hint})" if self.hint else self.summary

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class InvalidInput(HuddleError):
    """A value the user typed (or a script passed) is not acceptable. CLI exit code 2."""

    exit_code = 2


class NotFound(InvalidInput):
    """A team, person, metric or record named by the user does not exist (or a prefix is ambiguous)."""


class Refused(HuddleError):
    """The acting person's role may not do this. The message names the role that may. Exit code 3."""

    exit_code = 3


class BoardUnavailable(HuddleError):
    """The board folder cannot be read or written (missing, read-only, disk full). Exit code 4."""

    exit_code = 4
