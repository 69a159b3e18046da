"""The JSON Schemas arena-lint ships.

This folder is both the published copy (for editors and other tools) and the
package ``arena_lint.schema`` the code loads them from (see pyproject.toml).
"""
