"""HTTP routes: validate, call a service, serialise."""
