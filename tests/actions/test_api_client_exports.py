"""The API client's public surface is exactly its `__all__` (after httpx's own test)."""

from __future__ import annotations

import actions.api_client as api_client


def test_all_lists_exactly_the_public_names() -> None:
    public = sorted(name for name in vars(api_client) if not name.startswith("_"))

    assert api_client.__all__ == public
