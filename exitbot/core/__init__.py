"""The shared vocabulary: identities, messages, statuses, the question plan, the report schema,
the clock and the ports other layers implement. Imports no other part of ExitBot."""
