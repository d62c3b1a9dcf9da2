"""The terminal adapter behind ``exitbot chat`` (entry point ``adapters.terminal.plugin``)."""
