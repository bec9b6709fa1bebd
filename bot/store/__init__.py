"""Persistent state: subscriptions, what was announced, and the delivery outbox.

SQLite by default (a file under ``DATA_DIR``, WAL mode), PostgreSQL when ``DATABASE_URL`` is
set, through one code path and one set of versioned migrations.
"""
