"""The OpenAI-compatible server for the agents, and exports for other runtimes."""
