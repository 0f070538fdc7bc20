"""twisted.web.test: helpers shared by web tests (requesthelper)."""

from twistio._package import submodule_getattr

__name__ = "twisted.web.test"

__getattr__ = submodule_getattr("twistio.web.test", __name__)
