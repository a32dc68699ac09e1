"""Check-in rules: the flows of dialogs/checkin.yaml, what an answer means, one-liners."""
