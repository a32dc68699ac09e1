"""Progress on the shared goals: each metric's figure from the latest reports (``metrics``),
status (``compute``), and how progress and digests are told (``telling``, ``digest``)."""
