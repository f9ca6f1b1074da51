"""reportkit: build a complete, specific support request when a service is down."""

__version__ = "0.1.0"
