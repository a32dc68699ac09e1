"""The terminal channel: ``strategibot chat``."""
