"""Inference runtime shared by evaluation and serving."""
