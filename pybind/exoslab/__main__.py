"""python3 -m exoslab: command-line tools (see exoslab.cli)."""
import sys

from .cli import main

sys.exit(main())
