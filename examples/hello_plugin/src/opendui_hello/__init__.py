"""Example OpenDUI plugin (see the "Writing plugins" tutorial)."""
