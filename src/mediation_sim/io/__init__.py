"""File input and output: Gambit ``.nfg`` (strategic form) and ``.efg`` (game trees), and JSON.

Every reader parses and validates; none executes anything it reads. Malformed
files raise a :class:`~mediation_sim.FileFormatError` subclass naming the file
and line.

Saved results (any :class:`~mediation_sim.Result`) are written by
:func:`write_result` and read back by :func:`read_result`.

The JSON functions live in :mod:`mediation_sim.io.json_io` (named so that it
does not shadow the standard library's :mod:`json`).
"""

from ._numbers import clean_floats
from .efg import dumps_efg, loads_efg, read_efg, write_efg
from .json_io import dumps_game_json, loads_game_json, read_game_json, to_json, write_game_json
from .nfg import dumps_nfg, loads_nfg, read_nfg, write_nfg
from .results import dumps_result, loads_result, read_result, write_result

__all__ = [
    "clean_floats",
    "dumps_efg",
    "dumps_game_json",
    "dumps_nfg",
    "dumps_result",
    "loads_efg",
    "loads_game_json",
    "loads_nfg",
    "loads_result",
    "read_efg",
    "read_game_json",
    "read_nfg",
    "read_result",
    "to_json",
    "write_efg",
    "write_game_json",
    "write_nfg",
    "write_result",
]
