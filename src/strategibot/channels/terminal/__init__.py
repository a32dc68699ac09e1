"""channels/terminal."""
