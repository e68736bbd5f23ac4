"""Entry point for `pulumi up`: the environment comes from the stack config."""

import pulumi

import infra

infra.build(pulumi.Config().get("env") or "dev")
