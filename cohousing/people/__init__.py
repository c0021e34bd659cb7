"""People: residents and staff accounts (models and the rules about them)."""
