"""domain/checkins."""
