"""``python3 -m exoslab``: the exoslab command (see exoslab.cli)."""
import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main(prog="python3 -m exoslab"))
