"""The coder's tools: read a file before editing it, write it, run the tests (sandbox-side source;
read_file, write_file and run_tests are in common.py, loaded before this file)."""

TOOLS = {
    "read_file": PARAMETERS["read_file"],  # noqa: F821 (common.py is loaded first)
    "write_file": PARAMETERS["write_file"],  # noqa: F821
    "run_tests": PARAMETERS["run_tests"],  # noqa: F821
}
