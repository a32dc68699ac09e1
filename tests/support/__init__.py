"""Test helpers shared by several test packages (fake services, request builders)."""
