"""twistio's compatibility instruments.

- :mod:`compat_tests.oracle` runs Twisted's own test modules (downloaded from the Twisted wheel at
  test time, never committed) against twistio through the ``twisted`` alias; the modules we claim
  and their known failures are listed in :mod:`compat_tests.claims`.
- :mod:`compat_tests.differential` runs the classic programs in ``compat_tests/programs/`` on real
  Twisted and on twistio and compares what they print.
- :mod:`compat_tests.report` turns both into ``docs/compatibility.md``.
"""
