"""Fault tests: full, read-only, vanished and rolled-back board folders; backup and restore."""
