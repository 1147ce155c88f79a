"""Pure equilibria of 5-player x 4-strategy games: mediation_sim vs pygambit and QuantEcon.

Run from the repository root::

    python benchmarks/bench_pure.py [--quick]

Workloads (payoffs uniform integers in [0, 9], so ties and several pure
equilibria are common; fixed seed; games built before timing unless said):

* one 5x4 game (1,024 profiles): ``ms.solvers.pure_nash`` (verified, labelled
  result), ``ms.solvers.pure_nash_mask`` (the raw vectorized mask), pygambit
  ``enumpure_solve`` and QuantEcon ``pure_nash_brute``;
* a batch of 1,000 such games: ONE call of ``pure_nash_mask`` on the stacked
  payoffs against a loop of pygambit ``enumpure_solve`` over pre-built games
  and a loop that also builds each game with ``Game.from_arrays``.

Prints medians and the ratio peer / mediation_sim (above 1: mediation_sim is
faster), and checks that every method finds the same pure equilibria. BLAS
runs single-threaded (``OPENBLAS_NUM_THREADS=1`` unless set), as in
``bench_two_player.py``.
"""

# ruff: noqa: E402 -- BLAS threads must be pinned before NumPy is imported
from __future__ import annotations

from _timing import median_time, optional, pin_blas_threads

pin_blas_threads()

import sys

import numpy as np

import mediation_sim as ms

qe = optional("quantecon.game_theory")
gbt = optional("pygambit")

QUICK = "--quick" in sys.argv
N_PLAYERS = 5
N_STRATEGIES = 4
BATCH = 200 if QUICK else 1000


def fmt(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} us"
    if seconds < 1:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.2f} s"


def gambit_pure(game: object) -> set[tuple[int, ...]]:
    result = gbt.nash.enumpure_solve(game)
    out = set()
    for eq in result.equilibria:
        out.add(
            tuple(
                next(k for k, s in enumerate(p.strategies) if float(eq[s]) == 1.0)
                for p in game.players
            )
        )
    return out


def main() -> None:
    rng = np.random.default_rng(20230521)
    shape = (N_PLAYERS,) + (N_STRATEGIES,) * N_PLAYERS
    batch = rng.integers(0, 10, size=(BATCH, *shape)).astype(float)
    payoffs = batch[0]
    game = ms.NormalFormGame(payoffs)
    expected = set(ms.solvers.pure_nash(game).pure_profiles())
    print(
        f"{N_PLAYERS} players x {N_STRATEGIES} strategies, {BATCH:,} games in the batch; "
        f"game 0 has {len(expected)} pure equilibria"
    )

    print("\nOne game (median; ratio = peer / ours)")
    ours_full = median_time(lambda: ms.solvers.pure_nash(game), 51)
    ours_mask = median_time(lambda: ms.solvers.pure_nash_mask(payoffs), 201)
    print(f"  ours pure_nash (verified NashResult)   {fmt(ours_full):>9s}")
    print(f"  ours pure_nash_mask (raw mask)         {fmt(ours_mask):>9s}")
    if gbt is not None:
        gg = gbt.Game.from_arrays(*payoffs)
        assert gambit_pure(gg) == expected, "pygambit disagrees"
        t = median_time(lambda: gbt.nash.enumpure_solve(gg), 51)
        print(
            f"  pygambit enumpure_solve                {fmt(t):>9s}   "
            f"{t / ours_full:.2g}x pure_nash, {t / ours_mask:.2g}x mask"
        )
        t_build = median_time(lambda: gbt.Game.from_arrays(*payoffs), 11)
        print(f"  pygambit Game.from_arrays alone        {fmt(t_build):>9s}")
    if qe is not None:
        qg = qe.NormalFormGame(np.moveaxis(payoffs, 0, -1))
        found = {tuple(int(a) for a in p) for p in qe.pure_nash_brute(qg)}
        assert found == expected, "QuantEcon disagrees"
        t = median_time(lambda: qe.pure_nash_brute(qg), 11)
        print(
            f"  QuantEcon pure_nash_brute              {fmt(t):>9s}   "
            f"{t / ours_full:.2g}x pure_nash, {t / ours_mask:.2g}x mask"
        )

    print(f"\nBatch of {BATCH:,} games (median; ratio = peer / ours)")
    masks = ms.solvers.pure_nash_mask(batch, n_players=N_PLAYERS)
    ours_batch = median_time(lambda: ms.solvers.pure_nash_mask(batch, n_players=N_PLAYERS), 7)
    print(f"  ours pure_nash_mask, one call          {fmt(ours_batch):>9s}")
    if gbt is not None:
        games = [gbt.Game.from_arrays(*p) for p in batch]
        agree = all(
            gambit_pure(g) == {tuple(int(a) for a in row) for row in np.argwhere(m)}
            for g, m in zip(games[:50], masks[:50], strict=True)
        )
        loop = median_time(lambda: [gbt.nash.enumpure_solve(g) for g in games], 3)
        loop_build = median_time(
            lambda: [gbt.nash.enumpure_solve(gbt.Game.from_arrays(*p)) for p in batch], 1
        )
        ratio = loop / ours_batch
        print(f"  pygambit enumpure_solve loop           {fmt(loop):>9s}   {ratio:.0f}x")
        print(
            f"  pygambit loop incl. Game.from_arrays   {fmt(loop_build):>9s}   "
            f"{loop_build / ours_batch:.0f}x"
        )
        print(f"  same pure equilibria as pygambit on the first 50 games: {agree}")


if __name__ == "__main__":
    main()
