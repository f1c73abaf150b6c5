"""The frozen app's entry script: the same `main` as the `timeline-desktop` console script."""

import sys

from timeline_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
