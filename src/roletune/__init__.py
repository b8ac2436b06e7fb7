"""roletune: fine-tune a chat model for the roles of a multi-agent system, ship it as a verified GGUF."""

__version__ = "0.1.0"
