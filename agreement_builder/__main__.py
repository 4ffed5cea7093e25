"""Where `agreement-builder` and `python -m agreement_builder` start.

Only this module is loaded before the command line is read, so Ctrl-C while
the command is still loading ends as any interrupt does: exit 130, no traceback.
"""
import sys


def run() -> None:
    try:
        from .cli import main
    except KeyboardInterrupt:
        sys.stderr.write("\nInterrupted.\n")
        raise SystemExit(130) from None
    main(prog_name="agreement-builder")


if __name__ == "__main__":
    run()
