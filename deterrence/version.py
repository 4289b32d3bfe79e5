"""The version of deterrence, in one place: the package, the command line and the build
(``pyproject.toml`` reads it from here) all take it from this module."""

VERSION = "0.1.0"
__version__ = VERSION
