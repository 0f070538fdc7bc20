"""A small user project's trial tests, run by real trial and by ``twistio trial``.

The modules are named ``checks_*`` (not ``test_*``) so that pytest does not collect them: some
fail, error, skip or are todo on purpose, and ``tests/test_trial_sample.py`` compares how the
two trials report them.
"""
