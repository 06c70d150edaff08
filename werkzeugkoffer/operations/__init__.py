"""Running the portal: the embedded database, health checks, request and rate limits, logs, backups, error pages,
security headers, HTTP caching, database routing and static files."""
