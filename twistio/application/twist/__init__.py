"""twisted.application.twist: the ``twist`` command (run one plugin's service)."""

from twistio._package import submodule_getattr

__name__ = "twisted.application.twist"

__getattr__ = submodule_getattr("twistio.application.twist", __name__)
