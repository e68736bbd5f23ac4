"""What the Route 53 test files share: type tokens, argument builders, the component from
plain dicts, and lookups into a recording. Not a test module (pytest collects test_*.py)."""

import copy
from collections.abc import Callable, Mapping
from typing import Any, cast

import pulumi
from support import config_error as config_error  # the aws tests import it from here

from failover_components import FailoverConfigError, testing
from failover_components.aws import Route53Failover, Route53FailoverArgs
from failover_components.testing import RecordedResource, Recording

COMPONENT = "failover-components:index:Route53Failover"
HC = "aws:route53/healthCheck:HealthCheck"
RECORD = "aws:route53/record:Record"
ZONE = "aws:route53/zone:Zone"
ALB = "web-alb-123.us-east-1.elb.amazonaws.com"
ALB_ZONE = "Z35SXDOTRQ7X7K"
CF = "d111111abcdef8.cloudfront.net"
CF_ZONE = "Z2FDTNDATAQYW2"
# The zone id the testing kit's getZone mock returns for example.com.
LOOKED_UP = testing.FailoverMocks().call(
    pulumi.runtime.MockCallArgs("aws:route53/getZone:getZone", {"name": "example.com"}, "")
)[0]["zoneId"]


def make(name: str, args: Any, opts: pulumi.ResourceOptions | None = None) -> Route53Failover:
    """The component from plain dicts, as a hosted component receives them."""
    return Route53Failover(name, cast("Route53FailoverArgs", args), opts)


def build(
    args: dict[str, Any] | Callable[[], dict[str, Any]],
    exports: Mapping[str, str],
    *,
    preview: bool = False,
    name: str = "web",
) -> Recording:
    """Run the component and export its outputs (stack output -> attribute); ``args`` may be a
    function, called inside the run (for Outputs)."""

    def program() -> None:
        comp = make(name, args() if callable(args) else copy.deepcopy(args))
        for key, attribute in exports.items():
            pulumi.export(key, getattr(comp, attribute))

    return testing.run(program, preview=preview)


def ep(name: str, address: Any, **extra: Any) -> dict[str, Any]:
    return {"name": name, "address": address, **extra}


def two_tiers(**extra: Any) -> dict[str, Any]:
    return {
        "hostname": "app.example.com",
        "zone_name": "example.com",
        "pools": [
            {"name": "primary", "endpoints": [ep("a", "192.0.2.10")]},
            {"name": "secondary", "endpoints": [ep("b", "198.51.100.10")]},
        ],
        **extra,
    }


CANONICAL: dict[str, Any] = {
    "hostname": "app.example.com",
    "zone_name": "example.com",
    "create_zone": True,
    "pools": [
        {
            "name": "primary",
            "min_healthy": 2,
            "endpoints": [ep("a", "192.0.2.10"), ep("b", "192.0.2.11")],
        },
        {"name": "secondary", "endpoints": [ep("dr", "198.51.100.10")]},
        {"name": "edge", "endpoints": [ep("alb", ALB, alias_zone_id=ALB_ZONE)]},
    ],
}


def children(rec: Recording) -> set[tuple[str, str]]:
    return {(r.type, r.name) for r in rec.resources if r.type != COMPONENT}


def depends_on(rec: Recording, res: RecordedResource) -> set[str]:
    return {rec.by_urn(urn).name for urn in res.dependencies}


def rejected(args: dict[str, Any], name: str = "web") -> FailoverConfigError:
    """The error constructing the component raises under the mock engine, checking that
    nothing was registered first, not even the component."""
    errors: list[FailoverConfigError] = []

    def program() -> None:
        try:
            make(name, args)
        except FailoverConfigError as exc:
            errors.append(exc)

    rec = testing.run(program)
    assert rec.resources == []
    assert len(errors) == 1, errors
    return errors[0]
