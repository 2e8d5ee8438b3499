"""The demo site every local stack starts with."""

from __future__ import annotations

from urllib.parse import urlparse

from chalicelib import clock
from chalicelib.models import Site


def demo_site(api_url: str) -> None:
    port = urlparse(api_url).port or 80
    Site(
        key="demo",
        name="Demo shop",
        allowed_origins=[api_url.rstrip("/"), f"http://localhost:{port}", f"http://127.0.0.1:{port}"],
        locale="fr",
        time_zone="Europe/Paris",
        # No quiet hours locally, so a person sees the loop close at any time of day.
        followup_policy={"quiet_hours": None},
        updated_at=clock.iso(),
    ).save()
