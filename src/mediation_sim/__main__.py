"""``python -m mediation_sim``: the same program as the ``mediation-sim`` command."""

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
