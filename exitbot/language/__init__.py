"""Reading employees' text: sentiment per message."""
