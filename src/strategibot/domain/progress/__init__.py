"""domain/progress."""
