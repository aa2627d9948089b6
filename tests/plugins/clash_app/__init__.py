"""A piccolo app whose table is named like a core table (for the collision test)."""
