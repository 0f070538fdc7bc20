"""twisted.persisted: saving and loading application objects."""

from twistio._package import submodule_getattr

__name__ = "twisted.persisted"

__getattr__ = submodule_getattr("twistio.persisted", __name__)
