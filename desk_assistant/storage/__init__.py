"""Conversation storage without Qt: SQLite through SQLAlchemy 2, schema versions, FTS5 search."""
