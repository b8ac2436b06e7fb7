"""The report stage: report.html, summary.json and the terminal summary."""
