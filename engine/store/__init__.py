"""Persistence: tables, database opening and migrations (SQLite or PostgreSQL)."""
