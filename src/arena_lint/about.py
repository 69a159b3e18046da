"""What arena-lint is called, which version, and where it lives: one place, no imports."""

__version__ = "0.1.0"

#: The project's home, as in pyproject.toml's [project.urls] (a test keeps them
#: equal); rule links are derived from it without reading package metadata.
HOMEPAGE = "https://github.com/arena-lint/arena-lint"
