"""Persistence: engines, the piccolo app registry, migrations and the raw SQL facade."""
