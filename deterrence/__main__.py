"""``python -m deterrence``: the command line."""

from deterrence.cli.main import run

if __name__ == "__main__":
    run()
