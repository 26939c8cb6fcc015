"""dashiji-kg: knowledge graphs from Chinese government chronicles (大事记)."""

__version__ = "0.1.0"
