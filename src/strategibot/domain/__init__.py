"""Channel-independent domain: knowledge, answers, check-ins, digests. No botbuilder here."""
