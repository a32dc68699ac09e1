"""The conversation, channel-independent: a turn in (``ports.Turn``), the right replies out —
commands and intents, who the user is, check-ins (forms, step-by-step flows, one-liners),
subscription commands."""
