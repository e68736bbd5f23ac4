"""Entry point for `pulumi up`: the environment comes from the stack config."""

import infra
import pulumi

infra.build(pulumi.Config().get("env") or "dev")
