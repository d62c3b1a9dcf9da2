"""Platform adapters: translate chat-platform events into engine calls and replies back."""
