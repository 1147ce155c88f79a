"""Issue 11, items 3-6 for the command line: caps, one-line errors, --force."""

from __future__ import annotations

import sys

import pytest

from mediation_sim.cli import main


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["sweep", "--grid", "0:1:20000000"], "MAX_GRID_POINTS"),
        (["montecarlo", "-n", "1000000000000"], "MAX_DRAWS"),
        (["sweep", "--dpi", "0"], "must lie in [10, 2400]"),
        (["sweep", "--dpi", "100000"], "must lie in [10, 2400]"),
        (["montecarlo", "-n", "10", "--scheduler", "garbage"], "expects an address"),
    ],
)
def test_bad_requests_give_one_line_and_status_2(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1


def test_output_refuses_to_overwrite_without_force(tmp_path, capsys):
    out = tmp_path / "s.csv"
    out.write_text("keep me")
    assert main(["sweep", "--grid", "0:1:3", "--output", str(out), "--quiet"]) == 2
    assert "pass --force" in capsys.readouterr().err
    assert out.read_text() == "keep me"
    assert main(["sweep", "--grid", "0:1:3", "--output", str(out), "--quiet", "--force"]) == 0
    assert out.read_text().startswith("china_pressure") or "," in out.read_text()


class _ClosedPipe:
    """A stdout whose reader has gone (`| head -3`): every write raises BrokenPipeError."""

    def write(self, _text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    def fileno(self) -> int:
        raise ValueError("not a real file")


def test_a_closed_pipe_still_writes_the_output(tmp_path, monkeypatch, capsys):
    # failed before: `sweep --output s.csv | head -3` exited 1 without writing s.csv
    out = tmp_path / "s.csv"
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    assert main(["sweep", "--grid", "0:1:5", "--output", str(out)]) == 0
    assert out.exists()
    assert "Traceback" not in capsys.readouterr().err


def test_internal_errors_are_one_line(monkeypatch, capsys):
    from mediation_sim import cli

    def boom(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.delenv("MEDIATION_SIM_DEBUG", raising=False)
    parser = cli.build_parser()
    monkeypatch.setattr(cli, "build_parser", lambda: parser)
    for action in parser._subparsers._group_actions:
        action.choices["info"].set_defaults(func=boom)
    assert main(["info"]) == 70
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: boom" in err
    assert err.count("\n") == 1
