"""``python -m strategibot`` runs the command line."""

from strategibot.cli import main

raise SystemExit(main())
