"""Plugins used by the contract tests."""
