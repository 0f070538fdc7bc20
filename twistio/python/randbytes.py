"""twisted.python.randbytes: random bytes, secure (from the OS) or not."""

from __future__ import annotations

import os
import random
import warnings

__name__ = "twisted.python.randbytes"

__all__ = ["secureRandom", "insecureRandom", "RandomFactory", "SecureRandomNotAvailable"]


class SecureRandomNotAvailable(RuntimeError):
    """No secure source of random bytes is available."""


class SourceNotAvailable(RuntimeError):
    """A particular source of random bytes is not available."""


class RandomFactory:
    """Makes random byte strings: :meth:`secureRandom` from ``os.urandom`` and
    :meth:`insecureRandom` from :mod:`random`."""

    getrandbits = getattr(random, "getrandbits", None)

    def _osUrandom(self, nbytes: int) -> bytes:
        try:
            return os.urandom(nbytes)
        except (AttributeError, NotImplementedError) as e:
            raise SourceNotAvailable(e)

    def secureRandom(self, nbytes: int, fallback: bool = False) -> bytes:
        """``nbytes`` cryptographically strong random bytes.

        :raises SecureRandomNotAvailable: there is no secure source and ``fallback`` is
            false (with ``fallback`` an insecure source is used, with a warning).
        """
        try:
            return self._osUrandom(nbytes)
        except SourceNotAvailable:
            pass
        if fallback:
            warnings.warn(
                "urandom unavailable - proceeding with non-cryptographically secure random source",
                category=RuntimeWarning,
                stacklevel=2,
            )
            return self.insecureRandom(nbytes)
        raise SecureRandomNotAvailable("No secure random source available")

    def _randBits(self, nbytes: int) -> bytes:
        if self.getrandbits is not None:
            n: int = self.getrandbits(nbytes * 8)
            return n.to_bytes(nbytes, "big")
        raise SourceNotAvailable("random.getrandbits is not available")

    def _randModule(self, nbytes: int) -> bytes:
        return bytes(random.randrange(256) for _ in range(nbytes))

    def insecureRandom(self, nbytes: int) -> bytes:
        """``nbytes`` random bytes, not suitable for cryptography."""
        try:
            return self._randBits(nbytes)
        except SourceNotAvailable:
            return self._randModule(nbytes)


factory = RandomFactory()
secureRandom = factory.secureRandom
insecureRandom = factory.insecureRandom
del factory
