"""Exceptions raised while logging in through :mod:`twisted.cred`."""

from __future__ import annotations

__name__ = "twisted.cred.error"


class Unauthorized(Exception):
    """The caller may not do what it asked to do."""


class LoginFailed(Exception):
    """A login attempt did not succeed."""


class UnauthorizedLogin(LoginFailed, Unauthorized):
    """The credentials offered were not accepted (unknown user or wrong secret)."""


class UnhandledCredentials(LoginFailed):
    """No checker registered with the portal can check this kind of credentials."""


class LoginDenied(LoginFailed):
    """The realm refused to hand out an avatar for an otherwise valid login."""
