"""Removing personal data from text before a model, HR, a digest or a log sees it."""
