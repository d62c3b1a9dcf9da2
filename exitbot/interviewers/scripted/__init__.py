"""The scripted interviewer: the plan's own wording and keyword rules, no model."""
