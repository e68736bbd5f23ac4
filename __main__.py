"""The root Pulumi program: failover sets declared as data in the stack config."""

from failover_components.program import main

main()
