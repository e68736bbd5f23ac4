"""Names that reach a cloud, checked against that cloud's documented rule.

Child resource names (URNs) are Pulumi's; the names below are the cloud's own (a Traffic
Manager profile, a Cloudflare pool, a Route 53 set identifier...). Each is derived from names
that are already validated (component, pool and endpoint names), and each derivation is
checked here, so a derivation that could break a cloud's rule is caught at construction with
the argument that caused it, not halfway through a deployment.

Two different pools never map to one cloud-side name: pool names allow inner hyphen runs
(``eu-1`` and ``eu--1``), and a slug collapses them; :func:`pool_part` gives such a name a
hash of itself, so its cloud-side names stay distinct, while every other pool name (all of
0.1.0's distinct ones) keeps the name it had.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from . import naming
from .errors import Reason

__all__ = ["RULES", "NameRule", "distinct_reasons", "pool_part", "reason"]


@dataclass(frozen=True)
class NameRule:
    """One cloud's rule for one kind of name."""

    kind: str
    pattern: re.Pattern[str]
    max_length: int
    allowed: str
    """The rule in words, for errors."""
    source: str

    def problem(self, value: str) -> str | None:
        if not value:
            return "empty"
        if len(value) > self.max_length:
            return f"{len(value)} characters long, more than {self.max_length}"
        if not self.pattern.match(value):
            return f"not {self.allowed}"
        return None


RULES: dict[str, NameRule] = {
    rule.kind: rule
    for rule in (
        NameRule(
            "Traffic Manager profile name",
            re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$"),
            63,
            "alphanumerics, hyphens and periods, starting and ending with an alphanumeric",
            "https://learn.microsoft.com/azure/azure-resource-manager/management/"
            "resource-name-rules#microsoftnetwork (trafficmanagerprofiles)",
        ),
        NameRule(
            "Traffic Manager DNS name",
            # One label of <relativeName>.trafficmanager.net (RFC 1035 §2.3.1 host names).
            re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?$"),
            63,
            "lowercase letters, digits and inner hyphens (one DNS label)",
            "https://learn.microsoft.com/rest/api/trafficmanager/profiles/create-or-update "
            "(DnsConfig.relativeName: unique among all profiles, under trafficmanager.net)",
        ),
        NameRule(
            "Cloudflare pool name",
            re.compile(r"^[A-Za-z0-9_-]+$"),
            # The API's length limit is not documented; the package keeps its own cap.
            64,
            "letters, digits, hyphens and underscores",
            "https://developers.cloudflare.com/api/resources/load_balancers/subresources/pools/"
            "methods/create/ (name: only alphanumeric characters, hyphens and underscores)",
        ),
        NameRule(
            "Route 53 set identifier",
            re.compile(r"^.+$"),
            128,
            "1 to 128 characters",
            "https://docs.aws.amazon.com/Route53/latest/APIReference/API_ResourceRecordSet.html "
            "(SetIdentifier)",
        ),
        NameRule(
            "SNS topic name",
            re.compile(r"^[A-Za-z0-9_-]+$"),
            # 1-256; auto-naming appends 8 characters ("-" and 7 random).
            256 - 8,
            "letters, digits, hyphens and underscores, leaving 8 characters for Pulumi's "
            "random suffix",
            "https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html (Name)",
        ),
        NameRule(
            "CloudWatch alarm name",
            # Any printable ASCII; auto-naming appends 8 characters ("-" and 7 random).
            re.compile(r"^[\x20-\x7e]+$"),
            255 - 8,
            "printable ASCII, leaving 8 characters for Pulumi's random suffix",
            "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/"
            "API_PutMetricAlarm.html (AlarmName: 1-255)",
        ),
    )
}
"""Every cloud-side name rule the package checks, by kind."""


def reason(kind: str, value: str, path: str) -> Reason | None:
    """Why ``value`` breaks the rule for ``kind``, located at the argument ``path``."""
    rule = RULES[kind]
    problem = rule.problem(value)
    if problem is None:
        return None
    return Reason(
        path,
        f"makes the {kind} {value!r}, which is {problem}",
        value,
        f"{rule.allowed}, at most {rule.max_length} characters ({rule.source})",
    )


def pool_part(pool: str) -> str:
    """The pool's part of a cloud-side name: the pool name, with a hash of it when a slug
    would change it (a hyphen run: ``eu--1``), so ``eu-1`` and ``eu--1`` stay distinct."""
    if naming.slug(pool, len(pool)) == pool:
        return pool
    return f"{pool}-{naming.short_hash(pool)}"


def distinct_reasons(kind: str, names: Iterable[tuple[str, str]]) -> list[Reason]:
    """Reasons for ``(path, name)`` pairs that map to a name already taken by another path."""
    seen: dict[str, str] = {}
    out: list[Reason] = []
    for path, name in names:
        key = name.lower()
        if key in seen and seen[key] != path:
            out.append(
                Reason(
                    path,
                    f"makes the {kind} {name!r}, which {seen[key]} also makes",
                    name,
                    "names that stay distinct in the cloud",
                )
            )
        else:
            seen.setdefault(key, path)
    return out
