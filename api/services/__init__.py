"""Use cases: take a session and plain values, apply the domain rules, commit."""
