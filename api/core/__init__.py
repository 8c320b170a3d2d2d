"""Settings, database and token plumbing of the API."""
