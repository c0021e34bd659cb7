"""Audit: the access register."""
