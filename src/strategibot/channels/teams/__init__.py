"""channels/teams."""
