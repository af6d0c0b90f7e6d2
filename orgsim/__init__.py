"""orgsim: replay who holds which office under the real rules of succession, and chart it."""

__version__ = "0.1.0"
__all__ = ["__version__"]
