"""The tester's tools: ask for a function's source, write the tests, run them (sandbox-side source;
the functions are in common.py, loaded before this file)."""

TOOLS = {
    "get_source": PARAMETERS["get_source"],  # noqa: F821 (common.py is loaded first)
    "write_file": PARAMETERS["write_file"],  # noqa: F821
    "run_tests": PARAMETERS["run_tests"],  # noqa: F821
}
