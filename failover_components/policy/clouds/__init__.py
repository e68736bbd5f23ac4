"""The policy checks of the clouds whose packages do not hold them yet (Route 53, Azure,
Cloudflare): each module's ``CHECKS`` maps a rule id to the cloud's check, named by the registry
(``policy`` of :data:`failover_components.clouds.CLOUDS`)."""
