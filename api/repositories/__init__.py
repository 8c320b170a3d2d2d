"""Database queries, one module per table group. Functions take the session first."""
