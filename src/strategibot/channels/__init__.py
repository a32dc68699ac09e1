"""The channels: Teams (and the other Bot Framework channels, the only place that knows the
Bot Framework SDK), Slack, and the terminal. Each turns its platform's events into the
project's own messages and runs the conversation."""
