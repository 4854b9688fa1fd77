"""wirecli: convert news-agency wire stories to structured data."""

__version__ = "0.1.0"
