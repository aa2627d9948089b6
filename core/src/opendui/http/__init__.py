"""HTTP layer: the starlette application, authentication, limits and the core routes."""
