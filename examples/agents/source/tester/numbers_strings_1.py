"""Tester-role examples: easy: numbers, strings (1 of 4). Contract: source/README.md."""

EXAMPLES = [
    dict(
        id="tester-001",
        role="tester",
        user=r'''The coder agent just wrote `clamp` for the settings sliders. Write tests for it.
```python
def clamp(x, lo, hi):
    """Return x limited to the closed range [lo, hi].
    Raise ValueError if lo > hi."""
```''',
        answer=r'''```python
def test_inside_and_outside():
    assert clamp(5, 0, 10) == 5
    assert clamp(-3, 0, 10) == 0
    assert clamp(42, 0, 10) == 10

def test_bounds_are_inclusive():
    assert clamp(0, 0, 10) == 0
    assert clamp(10, 0, 10) == 10
    assert clamp(7, 7, 7) == 7

def test_inverted_range_raises():
    try:
        clamp(1, 5, 2)
    except ValueError:
        pass
    else:
        raise AssertionError("expected ValueError")
```''',
        check=dict(
            kind="test_suite",
            entry_point="clamp",
            reference=r"""def clamp(x, lo, hi):
    if lo > hi:
        raise ValueError("lo > hi")
    return max(lo, min(x, hi))
""",
            mutants=[
                r"""def clamp(x, lo, hi):
    return max(lo, min(x, hi))
""",
                r"""def clamp(x, lo, hi):
    if lo > hi:
        raise ValueError("lo > hi")
    return min(lo, max(x, hi))
""",
                r"""def clamp(x, lo, hi):
    if lo >= hi:
        raise ValueError("lo >= hi")
    return max(lo, min(x, hi))
""",
                r"""def clamp(x, lo, hi):
    if lo > hi:
        raise ValueError("lo > hi")
    if x < lo:
        return lo
    return x
""",
            ],
        ),
    ),
    dict(
        id="tester-002",
        role="tester",
        user=r'''Write tests for this helper used to clean form input:
```python
def squash_spaces(text: str) -> str:
    """Collapse every run of whitespace (spaces, tabs, newlines) into a
    single space and strip leading/trailing whitespace."""
```''',
        answer=r'''```python
def test_collapses_mixed_runs():
    assert squash_spaces("a   b\t\tc\nd") == "a b c d"

def test_strips_both_ends():
    assert squash_spaces("  hi there \n") == "hi there"

def test_empty_and_blank():
    assert squash_spaces("") == ""
    assert squash_spaces(" \t\n ") == ""
```''',
        check=dict(
            kind="test_suite",
            entry_point="squash_spaces",
            reference=r"""def squash_spaces(text):
    return " ".join(text.split())
""",
            mutants=[
                r"""import re

def squash_spaces(text):
    return re.sub(r" +", " ", text).strip()
""",
                r"""import re

def squash_spaces(text):
    return re.sub(r"\s+", " ", text)
""",
                r"""import re

def squash_spaces(text):
    return re.sub(r"\s+", " ", text.strip(" "))
""",
            ],
        ),
    ),
    dict(
        id="tester-003",
        role="tester",
        user=r'''Ticket DASH-112: the dashboard shows completion percentages. Please cover `percent` with tests.
```python
def percent(part, total, digits=1):
    """Return part/total as a percentage rounded to `digits` places.
    Return 0.0 when total is 0."""
```''',
        answer=r'''```python
def test_basic_percentages():
    assert percent(1, 4) == 25.0
    assert percent(1, 3) == 33.3
    assert percent(3, 2) == 150.0

def test_digits():
    assert percent(2, 3, digits=2) == 66.67

def test_zero_total():
    assert percent(5, 0) == 0.0
```''',
        check=dict(
            kind="test_suite",
            entry_point="percent",
            reference=r"""def percent(part, total, digits=1):
    if total == 0:
        return 0.0
    return round(100 * part / total, digits)
""",
            mutants=[
                r"""def percent(part, total, digits=1):
    if total == 0:
        return 0.0
    return round(part / total, digits) * 100
""",
                r"""def percent(part, total, digits=1):
    return round(100 * part / total, digits)
""",
                r"""def percent(part, total, digits=1):
    if total == 0:
        return 0.0
    scale = 10 ** digits
    return int(100 * part / total * scale) / scale
""",
                r"""def percent(part, total, digits=1):
    if total == 0:
        return 0.0
    return round(100 * part // total, digits)
""",
            ],
        ),
    ),
    dict(
        id="tester-004",
        role="tester",
        user=r'''Write tests for `ensure_suffix`:
```python
def ensure_suffix(s: str, suffix: str) -> str:
    """Return s ending with suffix, appending it only if s does not
    already end with it (case-sensitive)."""
```''',
        answer=r'''```python
def test_appends_when_missing():
    assert ensure_suffix("report", ".csv") == "report.csv"
    assert ensure_suffix("", "/") == "/"

def test_no_double_suffix():
    assert ensure_suffix("report.csv", ".csv") == "report.csv"

def test_only_the_end_counts():
    assert ensure_suffix("a.csv.bak", ".csv") == "a.csv.bak.csv"
    assert ensure_suffix("A.CSV", ".csv") == "A.CSV.csv"
```''',
        check=dict(
            kind="test_suite",
            entry_point="ensure_suffix",
            reference=r"""def ensure_suffix(s, suffix):
    return s if s.endswith(suffix) else s + suffix
""",
            mutants=[
                r"""def ensure_suffix(s, suffix):
    return s + suffix
""",
                r"""def ensure_suffix(s, suffix):
    return s if suffix in s else s + suffix
""",
                r"""def ensure_suffix(s, suffix):
    return s if s.lower().endswith(suffix.lower()) else s + suffix
""",
            ],
        ),
    ),
    dict(
        id="tester-005",
        role="tester",
        user=r'''PR #318 adds `safe_int` for query parameters. Review it by writing tests:
```python
def safe_int(text, default=None):
    """Parse a base-10 integer from text, ignoring surrounding whitespace.
    Return default if text is None or not a valid integer."""
```''',
        answer=r'''```python
def test_parses_integers():
    assert safe_int("42") == 42
    assert safe_int("  -7\n") == -7
    assert safe_int("010") == 10

def test_invalid_gives_default():
    assert safe_int("4.2") is None
    assert safe_int("abc", 0) == 0
    assert safe_int("", -1) == -1

def test_none_gives_default():
    assert safe_int(None, 5) == 5
```''',
        check=dict(
            kind="test_suite",
            entry_point="safe_int",
            reference=r"""def safe_int(text, default=None):
    if text is None:
        return default
    try:
        return int(text.strip())
    except ValueError:
        return default
""",
            mutants=[
                r"""def safe_int(text, default=None):
    try:
        return int(text.strip())
    except ValueError:
        return default
""",
                r"""def safe_int(text, default=None):
    if text is None:
        return default
    try:
        return int(float(text))
    except ValueError:
        return default
""",
                r"""def safe_int(text, default=None):
    if text is None:
        return default
    try:
        return int(text.strip())
    except ValueError:
        return 0
""",
                r"""def safe_int(text, default=None):
    if text is None:
        return default
    try:
        return int(text.strip(), 0)
    except ValueError:
        return default
""",
            ],
        ),
    ),
    dict(
        id="tester-006",
        role="tester",
        user=r'''Write tests for the pager helper:
```python
def page_count(total_items: int, per_page: int) -> int:
    """Number of pages needed to show total_items, per_page at a time.
    0 items -> 0 pages. Raise ValueError if per_page < 1."""
```''',
        answer=r'''```python
def test_exact_and_partial_pages():
    assert page_count(20, 10) == 2
    assert page_count(21, 10) == 3
    assert page_count(1, 10) == 1

def test_no_items():
    assert page_count(0, 10) == 0

def test_bad_per_page():
    try:
        page_count(5, 0)
    except ValueError:
        pass
    else:
        raise AssertionError("expected ValueError")
```''',
        check=dict(
            kind="test_suite",
            entry_point="page_count",
            reference=r"""def page_count(total_items, per_page):
    if per_page < 1:
        raise ValueError("per_page must be >= 1")
    return (total_items + per_page - 1) // per_page
""",
            mutants=[
                r"""def page_count(total_items, per_page):
    if per_page < 1:
        raise ValueError("per_page must be >= 1")
    return total_items // per_page + 1
""",
                r"""def page_count(total_items, per_page):
    if per_page < 1:
        raise ValueError("per_page must be >= 1")
    return total_items // per_page
""",
                r"""def page_count(total_items, per_page):
    if per_page < 1:
        raise ValueError("per_page must be >= 1")
    return max(1, (total_items + per_page - 1) // per_page)
""",
                r"""def page_count(total_items, per_page):
    return (total_items + per_page - 1) // per_page
""",
            ],
        ),
    ),
    dict(
        id="tester-007",
        role="tester",
        user=r'''We keep getting bugs around empty form fields. Write tests for:
```python
def is_blank(value) -> bool:
    """True if value is None or a string containing only whitespace."""
```''',
        answer=r'''```python
def test_blank_values():
    assert is_blank(None)
    assert is_blank("")
    assert is_blank("  \t\n")

def test_non_blank_values():
    assert not is_blank(" x ")
    assert not is_blank("0")
```''',
        check=dict(
            kind="test_suite",
            entry_point="is_blank",
            reference=r"""def is_blank(value):
    return value is None or value.strip() == ""
""",
            mutants=[
                r"""def is_blank(value):
    return not value
""",
                r"""def is_blank(value):
    return value is None or value == ""
""",
                r"""def is_blank(value):
    return value is None or value.strip(" ") == ""
""",
            ],
        ),
    ),
    dict(
        id="tester-008",
        role="tester",
        user=r'''The coder agent wrote a comparator for our custom sort. Pin it down with tests.
```python
def compare(a, b) -> int:
    """Return -1 if a < b, 0 if a == b, 1 if a > b."""
```''',
        answer=r'''```python
def test_less_and_greater():
    assert compare(1, 2) == -1
    assert compare(10, 3) == 1
    assert compare("a", "b") == -1

def test_equal():
    assert compare(4, 4) == 0
    assert compare(2.5, 2.5) == 0
```''',
        check=dict(
            kind="test_suite",
            entry_point="compare",
            reference=r"""def compare(a, b):
    return (a > b) - (a < b)
""",
            mutants=[
                r"""def compare(a, b):
    return 1 if a > b else -1
""",
                r"""def compare(a, b):
    return a - b
""",
                r"""def compare(a, b):
    return (a < b) - (a > b)
""",
            ],
        ),
    ),
]
