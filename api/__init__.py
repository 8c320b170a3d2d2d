"""Shared Services API: the data and every rule of leave, pay and procurement."""
