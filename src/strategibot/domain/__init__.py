"""The domain: the strategy's knowledge, answers, check-in rules, progress, schedules —
pure rules over the project's own types. Nothing here knows a channel, a database or time."""
