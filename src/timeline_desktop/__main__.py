"""`python -m timeline_desktop` runs the same entry point as the `timeline-desktop` script."""

import sys

from timeline_desktop.cli import main

sys.exit(main())
