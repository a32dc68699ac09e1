"""The web service: the aiohttp app factory and its routes (``app``), the order of start and
shutdown (``lifecycle``) and every app key (``keys``)."""
