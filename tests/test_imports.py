"""Each module imports only the cloud SDK it needs: checked in a fresh interpreter each time."""

import json
import subprocess
import sys

import pytest

NONE: set[str] = set()
SDKS = ("pulumi_aws", "pulumi_azure_native", "pulumi_cloudflare", "pulumi_policy", "matplotlib")


def sdks_after(statement: str) -> set[str]:
    code = (
        f"import json, sys\n{statement}\n"
        f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & set({list(SDKS)!r}))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    names: list[str] = json.loads(out.stdout.strip().splitlines()[-1])
    return set(names)


@pytest.mark.parametrize(
    ("statement", "allowed"),
    [
        ("import failover_components", NONE),
        ("import failover_components.testing", NONE),
        ("import failover_components.program", NONE),
        ("import failover_components.cli", NONE),
        ("import failover_components.simulate.drill", NONE),
        ("import failover_components.aws", {"pulumi_aws"}),
        ("import failover_components.azure", {"pulumi_azure_native"}),
        ("import failover_components.cloudflare", {"pulumi_cloudflare"}),
    ],
    ids=["package", "testing", "program", "cli", "drill", "aws", "azure", "cloudflare"],
)
def test_only_its_own_sdk(statement: str, allowed: set[str]) -> None:
    assert sdks_after(statement) == allowed


def test_importing_the_aws_module_leaves_the_route53_classes_lazy() -> None:
    """pulumi_aws.route53's __init__ star-imports every class module once any attribute is
    touched (~50 ms); the component touches them only when it is constructed."""
    code = (
        "import json, sys\nimport failover_components.aws\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('pulumi_aws.route53.'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded: list[str] = json.loads(out.stdout.strip().splitlines()[-1])
    assert loaded == []
