"""Allow ``python -m bot`` as a synonym for the ``factbot`` command."""

from bot.cli import main

raise SystemExit(main())
