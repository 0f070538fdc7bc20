"""``python -m twistio ...`` (the ``twistio`` command) and, through the alias,
``python -m twisted ...`` (Twisted's ``twist`` runner).  Importing this module does nothing."""

import sys

if __name__ == "__main__":
    # runpy keeps the name it was asked for in __spec__: the alias hands it this module's code
    # for ``python -m twisted``.
    if getattr(__spec__, "name", None) == "twisted.__main__":
        from twistio.application.twist._twist import Twist

        Twist.main()
    else:
        from twistio._cli import main

        sys.exit(main())
