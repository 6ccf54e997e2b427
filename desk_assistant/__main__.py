"""`python -m desk_assistant`: with no arguments opens the window; otherwise the CLI."""

import sys

from desk_assistant.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["gui"]))
