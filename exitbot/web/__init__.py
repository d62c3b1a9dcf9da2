"""The one aiohttp application: chat webhooks, REST API, dashboard, health and metrics."""
