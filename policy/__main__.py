"""The entry point the Pulumi CLI runs for ``pulumi preview --policy-pack policy``.

``PolicyPack(...)`` starts the analyzer's gRPC server and blocks for ever, so nothing else
belongs here: the policies are built by ``pack.build_policies()``, which tests can import.
"""

import os
import sys

# The CLI runs this file with runpy; make the sibling module importable however it is called.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pack import DESCRIPTION, PACK_NAME, build_policies
from pulumi_policy import EnforcementLevel, Policy, PolicyPack

policies: list[Policy] = list(build_policies())

PolicyPack(
    name=PACK_NAME,
    policies=policies,
    enforcement_level=EnforcementLevel.ADVISORY,
    description=DESCRIPTION,
)
