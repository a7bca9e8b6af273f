"""Speech engines, chosen by name through one registry."""
