"""Application services over the database: the loaded content and the question log, the
organisation, people, check-ins, conversations and subscriptions, digests, reminders and the
dispatcher that posts them — and the data-file contract (``datafiles``)."""
