"""Core behaviour implemented as default plugins, through the same hooks third parties use."""
