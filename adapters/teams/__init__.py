"""Microsoft Teams adapter (Bot Framework CloudAdapter). Every botbuilder import lives here.

Found by ExitBot through the ``exitbot.platforms`` entry point (``adapters.teams.plugin``).
botbuilder-python is archived upstream; keeping it inside this folder means a move to its
successor SDK touches nothing else.
"""
