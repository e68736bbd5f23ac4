"""The README's Python snippets run as written: the usage snippet (saved as web.py, as the
testing snippet says) and the testing snippet's tests against it."""

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(), re.DOTALL)


USAGE = "import pulumi\nfrom failover_components.aws import Route53Failover"
TESTING = "import runpy"


def _snippet(marker: str) -> str:
    (found,) = [s for s in SNIPPETS if s.lstrip().startswith(marker)]
    return found


def test_the_usage_snippet_names_its_endpoints_and_exports_the_fqdn() -> None:
    usage = _snippet(USAGE)
    assert '"name": "eu1"' in usage
    assert 'pulumi.export("fqdn", web.fqdn)' in usage


def test_the_testing_snippet_runs_against_the_usage_snippet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "web.py").write_text(_snippet(USAGE))
    namespace: dict[str, object] = {}
    exec(compile(_snippet(TESTING), "README.md", "exec"), namespace)
    monkeypatch.chdir(tmp_path)
    namespace["test_web"]()  # type: ignore[operator]
    namespace["test_bad_address_is_refused"]()  # type: ignore[operator]
    monkeypatch.chdir(ROOT)
    namespace["test_whole_project"]()  # type: ignore[operator]
    assert os.getcwd() == str(ROOT)
