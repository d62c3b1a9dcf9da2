"""Who phrases questions, decides on follow-ups and writes reports: scripted, or an LLM chain."""
