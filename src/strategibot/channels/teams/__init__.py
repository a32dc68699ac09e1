"""Teams (and the other Bot Framework channels: the Emulator, Web Chat, the Agents Playground).

The only package that knows the Bot Framework SDK (botbuilder): ``adapter`` (its CloudAdapter
with validated input and aiohttp outbound calls), ``connector`` (the Bot Connector client),
``inbound`` (strict validation of an activity), ``activities`` (activities to and from the
project's own types), ``bot`` (a turn: the conversation run, typing shown), ``channel``
(posting on the bot's own) and ``package`` (the Teams app package). A port to another SDK is a
change inside this folder.
"""

from __future__ import annotations

from strategibot.core.logs import quiet

quiet("botframework", "msrest")
