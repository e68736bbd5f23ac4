"""Fixtures shared by the test modules."""

import gc
from collections.abc import Iterator

import pytest

from failover_components import testing


@pytest.fixture
def collect_failed_outputs() -> Iterator[None]:
    """Collect the futures of Outputs that failed in this test right away: asyncio logs them
    from their finalizers, and on CPython 3.11 a finalizer that runs inside a later
    ``ast.parse`` (the schema analyzer of tests/test_provider.py) raises "SystemError: AST
    constructor recursion depth mismatch" (https://github.com/python/cpython/issues/106905).
    The SDK's runtime state holds the last run's futures until the next run replaces it, so
    an empty run comes first."""
    yield
    testing.run(lambda: None)
    gc.collect()
