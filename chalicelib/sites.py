"""Site settings with a short in-process cache.

The intake path may make exactly one network call (the feedback write), so the
site a request names is read from DynamoDB at most once per cache period per
warm function, and settings changes take effect within that period.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from chalicelib.analysis import site_taxonomy
from chalicelib.config import settings
from chalicelib.models import Site


@dataclass(frozen=True)
class SiteConfig:
    key: str
    name: str
    allowed_origins: tuple[str, ...] = ()
    locale: str = "en"
    time_zone: str = "UTC"
    thank_you_url: str | None = None
    alert_rules: dict[str, Any] = field(default_factory=dict)
    followup_policy: dict[str, Any] = field(default_factory=dict)
    topics: dict[str, Any] = field(default_factory=dict)
    email_consent_implied: bool = True
    keep_default_topics: bool = False

    def taxonomy(self) -> Mapping[str, Any] | None:
        """The topics this site's feedback is matched with (None: the default ones)."""
        return site_taxonomy(self.topics, self.keep_default_topics)

    def allows_origin(self, origin: str | None) -> bool:
        return bool(origin) and origin.rstrip("/") in self.allowed_origins

    @classmethod
    def from_model(cls, site: Site) -> SiteConfig:
        return cls(
            key=site.key,
            name=site.name or site.key,
            allowed_origins=tuple(o.rstrip("/") for o in (site.allowed_origins or [])),
            locale=site.locale or "en",
            time_zone=site.time_zone or "UTC",
            thank_you_url=site.thank_you_url,
            alert_rules=_plain(site.alert_rules),
            followup_policy=_plain(site.followup_policy),
            topics=_plain(site.topics),
            email_consent_implied=bool(site.email_consent_implied),
            keep_default_topics=bool(site.keep_default_topics),
        )


def _plain(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    as_dict = getattr(value, "as_dict", None)
    return dict(as_dict() if as_dict else value)


_cache: dict[str, tuple[float, SiteConfig | None]] = {}


def get_site(key: str, *, fresh: bool = False) -> SiteConfig | None:
    """The site's settings, or None for an unknown site (also cached, briefly)."""
    now = time.monotonic()
    hit = _cache.get(key)
    if hit and not fresh and now - hit[0] < settings().site_cache_ttl_s:
        return hit[1]
    try:
        config: SiteConfig | None = SiteConfig.from_model(Site.get(key, consistent_read=fresh))
    except Site.DoesNotExist:
        config = None
    _cache[key] = (now, config)
    return config


def forget(key: str | None = None) -> None:
    """Drop cached settings (after an admin update, and between tests)."""
    if key is None:
        _cache.clear()
    else:
        _cache.pop(key, None)
