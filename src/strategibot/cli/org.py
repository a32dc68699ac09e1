"""``strategibot org import``: load the organisation from a CSV export or an Excel workbook."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import TextIO

from strategibot.cli.common import database, settings

__all__ = ["add_commands"]


def _import(args: argparse.Namespace, out: TextIO) -> int:
    from strategibot.domain.organisation import OrganisationInvalid, read_organisation_file
    from strategibot.errors import StorageError
    from strategibot.services.organisation import OrganisationService

    path = Path(args.file)
    try:
        organisation = read_organisation_file(path)
    except OrganisationInvalid as exc:
        for problem in exc.problems:
            sys.stderr.write(f"{path.name}: {problem}\n")
        sys.stderr.write(f"org import: {len(exc.problems)} problem(s); nothing was imported\n")
        return 1

    async def run() -> str:
        async with database(settings()) as factory:
            result = await OrganisationService(factory).load(organisation)
        return (f"org import: {result.centres} centres and {result.units} units imported"
                f" ({result.deactivated} units no longer listed were deactivated)\n")

    try:
        out.write(asyncio.run(run()))
    except StorageError as exc:
        sys.stderr.write(f"org import: the database refused the import ({exc}); "
                         "nothing was imported\n")
        return 1
    return 0


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    org = commands.add_parser("org", help="the organisation").add_subparsers(
        dest="org_command", required=True)
    org_import = org.add_parser(
        "import", help="load the organisation from a CSV export or an Excel workbook (.xlsx)")
    org_import.add_argument("file", help="CSV (UTF-8) or .xlsx with columns centre_code, "
                            "centre_name, centre_chief_email, unit_code, unit_name, "
                            "leader_email, fte")
    org_import.set_defaults(func=_import)
