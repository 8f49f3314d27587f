"""`python -m kpps_xl`: the same as the kpps-xl command."""

from kpps_xl.cli import main

if __name__ == "__main__":
    main()
