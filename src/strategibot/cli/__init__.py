"""The ``strategibot`` command. One module per group of commands:

=====================  ==============================================================
``cli.service``        serve, chat, package teams, db upgrade
``cli.kb``             ask, kb check | eval | unanswered
``cli.org``            org import
``cli.digest``         digest preview | send-now, deliveries
``cli.checkins``       checkins eval
``cli.privacy``        privacy export | erase
``cli.common``         the settings, the database, the application graph they share
=====================  ==============================================================
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from strategibot.__about__ import __version__
from strategibot.cli import checkins, digest, kb, org, privacy, service
from strategibot.errors import ConfigError, KnowledgeFileInvalid, StrategibotError

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="strategibot",
        description="Answers questions about Koncernstrategi 2019, in Teams, Slack or here.",
    )
    parser.add_argument("--version", action="version", version=f"strategibot {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    for module in (service, kb, org, digest, privacy, checkins):
        module.add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    args = _parser().parse_args(argv)
    try:
        code: int = args.func(args, sys.stdout)
    except ConfigError as exc:
        sys.stderr.write(f"strategibot: invalid setting: {exc}\n")
        return 2
    except KnowledgeFileInvalid as exc:
        sys.stderr.write(f"strategibot: {exc}\n")
        return 1
    except StrategibotError as exc:
        sys.stderr.write(f"strategibot: {exc}\n")
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (`strategibot kb unanswered | head`)
        # Python would complain once more when flushing stdout at exit: point it nowhere
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return code
