"""`python -m orgsim` runs the command-line interface."""

from orgsim.cli import main

if __name__ == "__main__":
    main()
