"""The one turn pipeline every chat platform shares: inbox, turn, outbox, send."""
