"""Trial's reporter plugins (``trial --reporter=NAME``, ``--help-reporters``)."""

from __future__ import annotations

from zope.interface import implementer

from twistio.plugin import IPlugin
from twistio.trial.itrial import IReporter

__name__ = "twisted.plugins.twisted_trial"


# Provides IReporter only as the plugin system's key for reporter descriptions (as Twisted's
# does); the reporter methods belong to the class it names.
@implementer(IPlugin, IReporter)
class _Reporter:  # type: ignore[misc]
    """Describes one reporter: ``klass`` in ``module``, chosen by ``--reporter=longOpt``."""

    def __init__(
        self,
        name: str,
        module: str,
        description: str,
        longOpt: str,
        shortOpt: str | None,
        klass: str,
    ) -> None:
        self.name = name
        self.module = module
        self.description = description
        self.longOpt = longOpt
        self.shortOpt = shortOpt
        self.klass = klass


Tree = _Reporter(
    "Tree Reporter",
    "twisted.trial.reporter",
    description="verbose color output (default reporter)",
    longOpt="verbose",
    shortOpt="v",
    klass="TreeReporter",
)

BlackAndWhite = _Reporter(
    "Black-And-White Reporter",
    "twisted.trial.reporter",
    description="Colorless verbose output",
    longOpt="bwverbose",
    shortOpt="o",
    klass="VerboseTextReporter",
)

Minimal = _Reporter(
    "Minimal Reporter",
    "twisted.trial.reporter",
    description="minimal summary output",
    longOpt="summary",
    shortOpt="s",
    klass="MinimalReporter",
)

Classic = _Reporter(
    "Classic Reporter",
    "twisted.trial.reporter",
    description="terse text output",
    longOpt="text",
    shortOpt="t",
    klass="TextReporter",
)

Timing = _Reporter(
    "Timing Reporter",
    "twisted.trial.reporter",
    description="Timing output",
    longOpt="timing",
    shortOpt=None,
    klass="TimingTextReporter",
)

Subunit = _Reporter(
    "Subunit Reporter",
    "twisted.trial.reporter",
    description="subunit output",
    longOpt="subunit",
    shortOpt=None,
    klass="SubunitReporter",
)
