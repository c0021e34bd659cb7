"""Database plumbing that belongs to no area: column types, submission claims, the clock
(the one source of "now") and the registry of every model (for Alembic)."""
