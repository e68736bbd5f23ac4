"""Every entry of the stack config's `failovers` list becomes one failover component."""

from failover_components.program import main

main()
