"""``detente --help`` and every command's help: plain text wrapped to the terminal, no
RST markup (hardening item 12). No model needed."""

from __future__ import annotations

import pytest
import typer.main
from typer.testing import CliRunner

from detente.cli import app

COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
WIDTH = 100


def _help(args: list[str]) -> str:
    result = CliRunner().invoke(app, [*args, "--help"], env={"COLUMNS": str(WIDTH)},
                                terminal_width=WIDTH)
    assert result.exit_code == 0, result.output
    return result.output


def _description(text: str) -> list[list[str]]:
    """The help's description paragraphs (between the usage line and the first section),
    as lists of lines."""
    paragraphs: list[list[str]] = []
    body = text.split("\n\n", 1)[1] if "\n\n" in text else ""
    for block in body.split("\n\n"):
        lines = [ln for ln in block.splitlines() if ln.strip()]
        if not lines or lines[0].rstrip().endswith(":") or "─" in lines[0]:
            break  # Arguments:, Options:, Commands: (or a rich panel)
        paragraphs.append(lines)
    return paragraphs


def test_every_command_is_listed_without_markup() -> None:
    out = _help([])
    assert "`" not in out
    for name in COMMANDS:
        assert f"\n  {name} " in out, name


@pytest.mark.parametrize("command", COMMANDS)
def test_command_help_is_plain_and_wrapped_to_the_terminal(command: str) -> None:
    out = _help([command])
    assert "`" not in out, out  # RST ``literals`` showed as typed
    paragraphs = _description(out)
    assert paragraphs, out
    for lines in paragraphs:
        # Wrapped greedily to the width: no line ends early where the next word would
        # have fitted (the source's line breaks were kept as they were typed).
        for line, following in zip(lines, lines[1:], strict=False):
            nxt = following.split()[0]
            assert len(line.rstrip()) + 1 + len(nxt) > WIDTH - 2, (line, following)
