"""twisted.trial._dist: distributed trial (``trial -j``).

The worker pool itself is not built yet (``twistio trial -j N`` says so); the package exists so
that its test helpers (``twisted.trial._dist.test.matchers``) resolve through the alias.
"""

from __future__ import annotations

from twistio._package import submodule_getattr

__name__ = "twisted.trial._dist"

__getattr__ = submodule_getattr("twistio.trial._dist", __name__)
