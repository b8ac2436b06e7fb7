"""Evaluation: the sandbox, the checks that judge answers, smoke test and evaluate stages."""
