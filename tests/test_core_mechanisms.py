"""The one mechanism per concern that every cloud uses: de-duplication of reasons, the
"not available on <cloud>" wording, checks of values known only later, the budget policy."""

from collections.abc import Sequence
from typing import Any

import pulumi
import pytest
from support import config_error

from failover_components import _component, testing
from failover_components.capabilities import Unavailable, given_value, unavailable_reasons
from failover_components.errors import FailoverConfigError, Reason, unique
from failover_components.timing import FailoverTiming, route53_timing
from failover_components.validation import parse_failover_set


def _fset(**health_check: Any) -> Any:
    args = {
        "hostname": "app.example.com",
        "zone_name": "example.com",
        "pools": [
            {"name": "primary", "endpoints": [{"address": "192.0.2.10"}]},
            {"name": "secondary", "endpoints": [{"address": "198.51.100.10"}]},
        ],
        "health_check": {"protocol": "https", **health_check},
        "max_failover_seconds": 30,
    }
    fset, reasons = parse_failover_set(args)
    assert reasons == [], reasons
    return fset


def test_unique_keeps_order_and_drops_only_identical_reasons() -> None:
    a = Reason("pools[0].ttl", "too high", 90, "60 or less")
    b = Reason("pools[1].ttl", "too high", 90, "60 or less")
    a_other_value = Reason("pools[0].ttl", "too high", 91, "60 or less")
    assert unique([a, b, a, a_other_value, b]) == (a, b, a_other_value)
    # Values that cannot be hashed (lists) are fine: the text is the key.
    listed = Reason("regions", "unknown", ["x"], "regions")
    assert unique([listed, Reason("regions", "unknown", ["x"], "regions")]) == (listed,)


def test_config_error_lists_each_problem_once() -> None:
    a = Reason("ttl", "too high", 90, "60 or less")
    err = FailoverConfigError([a, a, Reason("port", "out of range", 0, "1 to 65535")], "X 'web'")
    assert len(err.reasons) == 2
    assert str(err).startswith("invalid failover configuration for X 'web' (2 problems):")


def test_unavailable_reasons_one_wording_names_the_registry_title() -> None:
    hc = _fset(
        expected_codes="200-299", headers={"X-Token": "s3cret"}, regions=["us-east-1"]
    ).health_check
    table = {
        "headers": Unavailable("it sends Host only (https://example.invalid/doc)", "no headers"),
        "expected_codes": Unavailable("any 2xx passes", "no expected_codes"),
        "timeout_seconds": Unavailable("fixed timeouts", "no timeout_seconds"),
    }
    got = [str(r) for r in unavailable_reasons("aws", table, hc)]
    assert got == [
        "health_check.headers: not available on Route 53: it sends Host only "
        "(https://example.invalid/doc), got ['X-Token']; expected no headers",
        "health_check.expected_codes: not available on Route 53: any 2xx passes, "
        "got '200-299'; expected no expected_codes",
    ]
    assert "s3cret" not in "".join(got)  # header values are secrets: names only
    assert given_value(hc, "regions") == ["us-east-1"]
    assert unavailable_reasons("gcp", table, _fset().health_check) == []
    with pytest.raises(KeyError):
        unavailable_reasons("nocloud", table, hc)


def test_check_when_known_passes_plain_values_and_checks_outputs_when_they_resolve() -> None:
    def reasons(value: object) -> list[Reason]:
        ok = isinstance(value, str) and value.strip().startswith("https://")
        return [] if ok else [Reason("alerts.webhook_url", "not https", value, "https://...")]

    assert _component.check_when_known(" https://a ", reasons, "X", str.strip) == "https://a"
    # A plain value is passed through unchecked: it was checked at construction.
    assert _component.check_when_known("http://a", reasons, "X") == "http://a"

    seen: list[object] = []

    def good() -> None:
        out = _component.check_when_known(
            pulumi.Output.from_input(" https://b "), reasons, "X", str.strip
        )
        assert isinstance(out, pulumi.Output)
        out.apply(seen.append)

    testing.run(good)
    assert seen == ["https://b"]

    def bad() -> None:
        out = _component.check_when_known(pulumi.Output.from_input("http://c"), reasons, "X 'w'")
        pulumi.export("url", out)

    with pytest.raises(FailoverConfigError) as info:
        testing.run(bad)
    err = config_error(info.value)
    assert [str(r) for r in err.reasons] == [
        "alerts.webhook_url: not https, got 'http://c'; expected https://..."
    ]
    assert err.subject == "X 'w'"


def test_with_budget_checks_the_budget_only_when_the_cloud_found_nothing_else() -> None:
    fset = _fset()
    calls: list[int] = []

    def timings() -> Sequence[FailoverTiming]:
        calls.append(1)
        slow = route53_timing(
            interval_seconds=30, failure_threshold=10, check_type="HTTPS", ttl_seconds=60
        )
        return [slow, slow]

    bad = Reason("ttl", "too high", 90, "60 or less")
    assert _component.with_budget(fset, [bad, bad], timings) == [bad]
    assert calls == []  # never computed over rejected settings
    over = _component.with_budget(fset, [], timings)
    assert calls == [1]
    assert [r.path for r in over] == ["max_failover_seconds"]
    assert "over the budget" in over[0].problem
