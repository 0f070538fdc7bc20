"""twisted.web._auth: HTTP authentication for web resources (see twisted.web.guard)."""

from twistio._package import submodule_getattr

__name__ = "twisted.web._auth"

__getattr__ = submodule_getattr("twistio.web._auth", __name__)
