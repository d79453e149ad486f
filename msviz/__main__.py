"""``python -m msviz``: the same as the ``msviz`` command."""

import sys

from msviz.cli import main

if __name__ == "__main__":
    sys.exit(main())
