"""kizashi (兆し, "early sign"): early-warning intelligence for public-safety teams."""

__version__ = "0.1.0"

__all__ = ["__version__"]
