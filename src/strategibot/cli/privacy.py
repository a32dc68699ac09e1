"""``strategibot privacy export EMAIL`` and ``strategibot privacy erase EMAIL``: a person's data
for an admin or the data protection officer (README, "Privacy and data")."""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
from typing import TextIO

from strategibot.cli.common import database, settings

__all__ = ["add_commands"]

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")


def _address(text: str) -> str | None:
    email = text.strip().lower()
    return email if _EMAIL.match(email) and len(email) <= 320 else None


def _export(args: argparse.Namespace, out: TextIO) -> int:
    from strategibot.services.privacy import Privacy
    from strategibot.wiring import clock_of

    email = _address(args.email)
    if email is None:
        sys.stderr.write(f"privacy export: {args.email!r} is not an e-mail address\n")
        return 2
    config = settings()

    async def run() -> dict[str, object]:
        async with database(config) as factory:
            return await Privacy(factory, clock_of(config)).export(email)

    data = asyncio.run(run())
    out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return 0


def _erase(args: argparse.Namespace, out: TextIO) -> int:
    from strategibot.services.privacy import Privacy
    from strategibot.wiring import clock_of

    email = _address(args.email)
    if email is None:
        sys.stderr.write(f"privacy erase: {args.email!r} is not an e-mail address\n")
        return 2
    config = settings()

    async def run() -> object:
        async with database(config) as factory:
            return await Privacy(factory, clock_of(config)).erase(email, dry_run=args.dry_run)

    result = asyncio.run(run())
    from strategibot.services.privacy import Erasure

    assert isinstance(result, Erasure)
    verb = "would be erased" if result.dry_run else "erased"
    if not result.changed:
        out.write(f"privacy erase: nothing stored about {email}\n")
    else:
        out.write(f"privacy erase: {email} {verb}:\n")
        for what, count in result.changed.items():
            out.write(f"  {count:5d}  {what}\n")
        if not result.dry_run:
            out.write("Check-ins stay with their units, so no figure changes. If the person "
                      "still leads a unit, the next `strategibot org import` names them "
                      "again; if they write to the bot again, their address is read anew.\n")
    if result.remaining:
        sys.stderr.write(f"privacy erase: the address is still written in "
                         f"{len(result.remaining)} place(s); check them by hand:\n")
        for mention in result.remaining:
            sys.stderr.write(f"  {mention.table}.{mention.column} (row {mention.key})\n")
        return 1
    return 0


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    privacy = commands.add_parser(
        "privacy", help="a person's data: export it, or erase their identity").add_subparsers(
        dest="privacy_command", required=True)
    export = privacy.add_parser("export", help="print everything stored about EMAIL (JSON)")
    export.add_argument("email", metavar="EMAIL")
    export.set_defaults(func=_export)
    erase = privacy.add_parser(
        "erase", help="remove EMAIL's identity everywhere (their check-ins stay with the unit)")
    erase.add_argument("email", metavar="EMAIL")
    erase.add_argument("--dry-run", action="store_true",
                       help="say what would be erased, change nothing")
    erase.set_defaults(func=_erase)
