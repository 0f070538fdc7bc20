"""twisted.application: services, applications and the twistd runner."""

from twistio._package import submodule_getattr

__name__ = "twisted.application"

__getattr__ = submodule_getattr("twistio.application", __name__)
