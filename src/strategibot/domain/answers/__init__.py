"""domain/answers."""
