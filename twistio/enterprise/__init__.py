"""twisted.enterprise: asynchronous access to DB-API 2.0 databases (see ``adbapi``)."""

from twistio._package import submodule_getattr

__name__ = "twisted.enterprise"

__getattr__ = submodule_getattr("twistio.enterprise", __name__)
