"""The GraphQL API: core types, root fields, schema assembly, limits and error codes."""
