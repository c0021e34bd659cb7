"""Privacy forms."""
