"""``python -m msviz``: the same as the ``msviz`` command."""

import sys

from msviz.cli import main

sys.exit(main())
