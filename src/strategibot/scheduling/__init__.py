"""What runs on its own: the schedule (APScheduler) of digests and reminders, its triggers,
and which replica leads it."""
