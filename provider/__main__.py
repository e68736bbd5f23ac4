"""Entry point of the component package: serves Route53Failover, TrafficManagerFailover and
CloudflareFailover to the Pulumi engine (see failover_components.provider)."""

from failover_components.provider import main

if __name__ == "__main__":
    main()
