"""Tester-role examples: a function's contract, a small test suite, a test_suite check.

Contract (docs/data-format.md): the answer is one ```python block of `test_*` functions that pin
down the contract without redefining the function under test. The check runs the tests against
`reference` (all must pass) and against every mutant (each must make at least one test fail).
Exceptions are tested with try/except/else so the sandbox needs no pytest.
"""

EXAMPLES = [
    # ------------------------------------------------------------------ easy: numbers, strings
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
    dict(
        id="tester-009",
        role="tester",
        user=r'''Write tests for the invoice formatter:
```python
def format_cents(cents: int) -> str:
    """Format integer cents as dollars: 1234 -> "$12.34", 5 -> "$0.05",
    -250 -> "-$2.50"."""
```''',
        answer=r'''```python
def test_positive():
    assert format_cents(1234) == "$12.34"
    assert format_cents(100000) == "$1000.00"

def test_small_and_zero():
    assert format_cents(5) == "$0.05"
    assert format_cents(0) == "$0.00"

def test_negative():
    assert format_cents(-250) == "-$2.50"
    assert format_cents(-5) == "-$0.05"
```''',
        check=dict(
            kind="test_suite",
            entry_point="format_cents",
            reference=r"""def format_cents(cents):
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}${cents // 100}.{cents % 100:02d}"
""",
            mutants=[
                r"""def format_cents(cents):
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}${cents // 100}.{cents % 100}"
""",
                r"""def format_cents(cents):
    return f"${cents / 100:.2f}"
""",
                r"""def format_cents(cents):
    sign = "-" if cents < 0 else ""
    return f"{sign}${cents // 100}.{cents % 100:02d}"
""",
                r"""def format_cents(cents):
    sign = "-" if cents <= 0 else ""
    cents = abs(cents)
    return f"{sign}${cents // 100}.{cents % 100:02d}"
""",
            ],
        ),
    ),
    dict(
        id="tester-010",
        role="tester",
        user=r'''Add tests for `strip_prefix` (used to turn "refs/heads/main" into "main"):
```python
def strip_prefix(s: str, prefix: str) -> str:
    """Remove prefix from the start of s once, if present; otherwise return s."""
```''',
        answer=r'''```python
def test_removes_prefix():
    assert strip_prefix("refs/heads/main", "refs/heads/") == "main"

def test_missing_prefix_unchanged():
    assert strip_prefix("main", "refs/heads/") == "main"
    assert strip_prefix("xa", "a") == "xa"

def test_removes_only_once():
    assert strip_prefix("aaab", "a") == "aab"
```''',
        check=dict(
            kind="test_suite",
            entry_point="strip_prefix",
            reference=r"""def strip_prefix(s, prefix):
    return s[len(prefix):] if s.startswith(prefix) else s
""",
            mutants=[
                r"""def strip_prefix(s, prefix):
    return s.lstrip(prefix)
""",
                r"""def strip_prefix(s, prefix):
    return s.replace(prefix, "", 1)
""",
                r"""def strip_prefix(s, prefix):
    return s[len(prefix):]
""",
            ],
        ),
    ),
    dict(
        id="tester-011",
        role="tester",
        user=r'''Write tests for `count_lines`, used by the diff summary:
```python
def count_lines(text: str) -> int:
    """Number of lines in text. "" has 0 lines; a trailing newline does not
    start a new line ("a\nb\n" has 2); "\n" is one empty line."""
```''',
        answer=r'''```python
def test_empty():
    assert count_lines("") == 0

def test_without_trailing_newline():
    assert count_lines("a") == 1
    assert count_lines("a\nb") == 2

def test_trailing_newline():
    assert count_lines("a\nb\n") == 2
    assert count_lines("\n") == 1
    assert count_lines("\n\n") == 2
```''',
        check=dict(
            kind="test_suite",
            entry_point="count_lines",
            reference=r"""def count_lines(text):
    if not text:
        return 0
    return text.count("\n") + (not text.endswith("\n"))
""",
            mutants=[
                r"""def count_lines(text):
    return text.count("\n") + 1
""",
                r"""def count_lines(text):
    return text.count("\n")
""",
                r"""def count_lines(text):
    return len(text.split("\n"))
""",
                r"""def count_lines(text):
    return len([line for line in text.split("\n") if line])
""",
            ],
        ),
    ),
    dict(
        id="tester-012",
        role="tester",
        user=r'''Config loading reads feature flags from env vars. Write tests for the parser:
```python
def parse_flag(value: str) -> bool:
    """Case-insensitive, surrounding spaces ignored.
    "1", "true", "yes", "on" -> True; "0", "false", "no", "off", "" -> False.
    Anything else raises ValueError."""
```''',
        answer=r'''```python
def test_truthy():
    for v in ["1", "true", "YES", " On "]:
        assert parse_flag(v) is True

def test_falsy():
    for v in ["0", "False", "no", "OFF", ""]:
        assert parse_flag(v) is False

def test_unknown_raises():
    try:
        parse_flag("maybe")
    except ValueError:
        pass
    else:
        raise AssertionError("expected ValueError")
```''',
        check=dict(
            kind="test_suite",
            entry_point="parse_flag",
            reference=r"""def parse_flag(value):
    v = value.strip().lower()
    if v in ("1", "true", "yes", "on"):
        return True
    if v in ("0", "false", "no", "off", ""):
        return False
    raise ValueError(value)
""",
            mutants=[
                r"""def parse_flag(value):
    v = value.lower()
    if v in ("1", "true", "yes", "on"):
        return True
    if v in ("0", "false", "no", "off", ""):
        return False
    raise ValueError(value)
""",
                r"""def parse_flag(value):
    v = value.strip()
    if v in ("1", "true", "yes", "on"):
        return True
    if v in ("0", "false", "no", "off", ""):
        return False
    raise ValueError(value)
""",
                r"""def parse_flag(value):
    return value.strip().lower() in ("1", "true", "yes", "on")
""",
                r"""def parse_flag(value):
    v = value.strip().lower()
    if v in ("1", "true", "yes", "on"):
        return True
    if v in ("0", "false", "no", "off"):
        return False
    raise ValueError(value)
""",
            ],
        ),
    ),
    dict(
        id="tester-013",
        role="tester",
        user=r'''Write tests for the receipt masking helper:
```python
def mask_card(number: str) -> str:
    """Replace every digit except the last four with "*". Non-digits such as
    spaces are kept. Numbers with 4 or fewer digits come back unchanged."""
```''',
        answer=r'''```python
def test_masks_all_but_last_four():
    assert mask_card("4111111111111111") == "************1111"

def test_keeps_spaces():
    assert mask_card("4111 1111 1111 1234") == "**** **** **** 1234"

def test_short_numbers_unchanged():
    assert mask_card("1234") == "1234"
    assert mask_card("987") == "987"
```''',
        check=dict(
            kind="test_suite",
            entry_point="mask_card",
            reference=r"""def mask_card(number):
    total = sum(c.isdigit() for c in number)
    out, seen = [], 0
    for c in number:
        if c.isdigit():
            seen += 1
            out.append(c if seen > total - 4 else "*")
        else:
            out.append(c)
    return "".join(out)
""",
            mutants=[
                r"""def mask_card(number):
    return "*" * max(0, len(number) - 4) + number[-4:]
""",
                r"""def mask_card(number):
    total = sum(c.isdigit() for c in number)
    out, seen = [], 0
    for c in number:
        if c.isdigit():
            seen += 1
            out.append(c if seen >= total - 4 else "*")
        else:
            out.append(c)
    return "".join(out)
""",
                r"""def mask_card(number):
    total = sum(c.isdigit() for c in number)
    out, seen = [], 0
    for c in number:
        if c.isdigit():
            seen += 1
            out.append(c if seen > total - 3 else "*")
        else:
            out.append(c)
    return "".join(out)
""",
            ],
        ),
    ),
    dict(
        id="tester-014",
        role="tester",
        user=r'''Please write tests for `weekday_name`:
```python
def weekday_name(index: int) -> str:
    """Map 0..6 to "Monday".."Sunday". Raise ValueError for any other index."""
```''',
        answer=r'''```python
def test_names():
    assert weekday_name(0) == "Monday"
    assert weekday_name(3) == "Thursday"
    assert weekday_name(6) == "Sunday"

def test_out_of_range():
    for bad in (7, -1):
        try:
            weekday_name(bad)
        except ValueError:
            continue
        raise AssertionError(bad)
```''',
        check=dict(
            kind="test_suite",
            entry_point="weekday_name",
            reference=r"""NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

def weekday_name(index):
    if not 0 <= index <= 6:
        raise ValueError(index)
    return NAMES[index]
""",
            mutants=[
                r"""NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

def weekday_name(index):
    return NAMES[index]
""",
                r"""NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

def weekday_name(index):
    return NAMES[index % 7]
""",
                r"""NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

def weekday_name(index):
    if not 0 <= index < 6:
        raise ValueError(index)
    return NAMES[index]
""",
                r"""NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

def weekday_name(index):
    if not 0 <= index <= 6:
        raise ValueError(index)
    return NAMES[index]
""",
            ],
        ),
    ),
    dict(
        id="tester-015",
        role="tester",
        user=r'''The billing job computes month lengths itself (no calendar module). Write tests:
```python
def days_in_month(year: int, month: int) -> int:
    """Days in month 1-12 of a Gregorian year. ValueError for a bad month."""
```''',
        answer=r'''```python
def test_fixed_months():
    assert days_in_month(2023, 1) == 31
    assert days_in_month(2023, 11) == 30
    assert days_in_month(2023, 12) == 31

def test_february_leap_rules():
    assert days_in_month(2023, 2) == 28
    assert days_in_month(2024, 2) == 29
    assert days_in_month(1900, 2) == 28
    assert days_in_month(2000, 2) == 29

def test_bad_month():
    for m in (0, 13):
        try:
            days_in_month(2023, m)
        except ValueError:
            continue
        raise AssertionError(m)
```''',
        check=dict(
            kind="test_suite",
            entry_point="days_in_month",
            reference=r"""def days_in_month(year, month):
    if not 1 <= month <= 12:
        raise ValueError(month)
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31
""",
            mutants=[
                r"""def days_in_month(year, month):
    if not 1 <= month <= 12:
        raise ValueError(month)
    if month == 2:
        return 29 if year % 4 == 0 else 28
    return 30 if month in (4, 6, 9, 11) else 31
""",
                r"""def days_in_month(year, month):
    if not 1 <= month <= 12:
        raise ValueError(month)
    if month == 2:
        return 29 if year % 4 == 0 and year % 100 != 0 else 28
    return 30 if month in (4, 6, 9, 11) else 31
""",
                r"""def days_in_month(year, month):
    if not 1 <= month <= 12:
        raise ValueError(month)
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9) else 31
""",
                r"""def days_in_month(year, month):
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31
""",
            ],
        ),
    ),
    dict(
        id="tester-016",
        role="tester",
        user=r'''Upload validation relies on this. Write tests:
```python
def file_extension(path: str) -> str:
    """Lower-case extension of the last path component, without the dot;
    "" if there is none. Dotfiles like ".bashrc" have no extension."""
```''',
        answer=r'''```python
def test_simple_and_case():
    assert file_extension("docs/Report.PDF") == "pdf"
    assert file_extension("archive.tar.gz") == "gz"

def test_no_extension():
    assert file_extension("Makefile") == ""
    assert file_extension("dir.d/file") == ""

def test_dotfile():
    assert file_extension(".bashrc") == ""
```''',
        check=dict(
            kind="test_suite",
            entry_point="file_extension",
            reference=r"""import posixpath

def file_extension(path):
    return posixpath.splitext(path)[1][1:].lower()
""",
            mutants=[
                r"""def file_extension(path):
    return path.rsplit(".", 1)[-1].lower() if "." in path else ""
""",
                r"""import posixpath

def file_extension(path):
    return posixpath.splitext(path)[1][1:]
""",
                r"""def file_extension(path):
    return path.split(".", 1)[1].lower() if "." in path else ""
""",
                r"""import posixpath

def file_extension(path):
    return posixpath.splitext(path)[1].lower()
""",
            ],
        ),
    ),
    dict(
        id="tester-017",
        role="tester",
        user=r'''Write tests for the metrics helper `mean`:
```python
def mean(values: list[float]) -> float:
    """Arithmetic mean. Raise ValueError for an empty list."""
```''',
        answer=r'''```python
def test_mean():
    assert mean([1, 2, 3, 4]) == 2.5
    assert mean([5]) == 5
    assert mean([-2, 2]) == 0

def test_empty_raises():
    try:
        mean([])
    except ValueError:
        pass
    else:
        raise AssertionError("expected ValueError")
```''',
        check=dict(
            kind="test_suite",
            entry_point="mean",
            reference=r"""def mean(values):
    if not values:
        raise ValueError("mean of empty list")
    return sum(values) / len(values)
""",
            mutants=[
                r"""def mean(values):
    if not values:
        raise ValueError("mean of empty list")
    return sum(values) // len(values)
""",
                r"""def mean(values):
    if not values:
        return 0.0
    return sum(values) / len(values)
""",
                r"""def mean(values):
    return sum(values) / len(values)
""",
                r"""def mean(values):
    if not values:
        raise ValueError("mean of empty list")
    return sum(values) / max(1, len(values) - 1)
""",
            ],
        ),
    ),
    dict(
        id="tester-018",
        role="tester",
        user=r'''The coder agent replaced str.capitalize in the notification titles with this. Write tests:
```python
def capitalize_first(s: str) -> str:
    """Upper-case the first character and leave the rest untouched. "" -> ""."""
```''',
        answer=r'''```python
def test_only_first_char_changes():
    assert capitalize_first("hello World") == "Hello World"
    assert capitalize_first("iPhone") == "IPhone"
    assert capitalize_first("a") == "A"

def test_edge_cases():
    assert capitalize_first("") == ""
    assert capitalize_first("1st place") == "1st place"
```''',
        check=dict(
            kind="test_suite",
            entry_point="capitalize_first",
            reference=r"""def capitalize_first(s):
    return s[:1].upper() + s[1:]
""",
            mutants=[
                r"""def capitalize_first(s):
    return s.capitalize()
""",
                r"""def capitalize_first(s):
    return s.title()
""",
                r"""def capitalize_first(s):
    return s[0].upper() + s[1:]
""",
            ],
        ),
    ),
    dict(
        id="tester-019",
        role="tester",
        user=r'''Write tests for `indent`, used when rendering nested YAML snippets:
```python
def indent(text: str, n: int) -> str:
    """Prefix every non-empty line with n spaces. Empty lines stay empty and
    all line breaks (including a trailing one) are preserved."""
```''',
        answer=r'''```python
def test_indents_lines():
    assert indent("a\nb", 2) == "  a\n  b"

def test_empty_lines_and_trailing_newline():
    assert indent("a\n\nb\n", 4) == "    a\n\n    b\n"

def test_trivial():
    assert indent("", 3) == ""
    assert indent("x", 0) == "x"
```''',
        check=dict(
            kind="test_suite",
            entry_point="indent",
            reference=r"""def indent(text, n):
    pad = " " * n
    return "\n".join(pad + line if line else line for line in text.split("\n"))
""",
            mutants=[
                r"""def indent(text, n):
    pad = " " * n
    return "\n".join(pad + line for line in text.split("\n"))
""",
                r"""def indent(text, n):
    pad = " " * n
    return pad + text.replace("\n", "\n" + pad)
""",
                r"""def indent(text, n):
    pad = " " * n
    return "\n".join(pad + line if line else line for line in text.splitlines())
""",
            ],
        ),
    ),
    dict(
        id="tester-020",
        role="tester",
        user=r'''Write tests for `take`:
```python
def take(items: list, n: int) -> list:
    """The first n items (all of them if there are fewer).
    Raise ValueError if n < 0."""
```''',
        answer=r'''```python
def test_takes_prefix():
    assert take([1, 2, 3], 2) == [1, 2]
    assert take([1], 5) == [1]

def test_zero():
    assert take([1, 2], 0) == []

def test_negative_raises():
    try:
        take([1, 2, 3], -1)
    except ValueError:
        pass
    else:
        raise AssertionError("expected ValueError")
```''',
        check=dict(
            kind="test_suite",
            entry_point="take",
            reference=r"""def take(items, n):
    if n < 0:
        raise ValueError("n must be >= 0")
    return items[:n]
""",
            mutants=[
                r"""def take(items, n):
    return items[:n]
""",
                r"""def take(items, n):
    if n < 0:
        raise ValueError("n must be >= 0")
    return items[:n + 1]
""",
                r"""def take(items, n):
    if n <= 0:
        raise ValueError("n must be > 0")
    return items[:n]
""",
            ],
        ),
    ),
    dict(
        id="tester-021",
        role="tester",
        user=r'''The log viewer's `tail` is suspected of returning everything for n=0. Write tests that pin down its contract:
```python
def tail(lines: list[str], n: int) -> list[str]:
    """The last n lines in order (all of them if fewer). n == 0 gives []."""
```''',
        answer=r'''```python
def test_last_lines():
    assert tail(["a", "b", "c"], 2) == ["b", "c"]

def test_n_larger_than_list():
    assert tail(["a"], 3) == ["a"]
    assert tail(["a", "b", "c"], 4) == ["a", "b", "c"]

def test_zero_and_empty():
    assert tail(["a", "b"], 0) == []
    assert tail([], 2) == []
```''',
        check=dict(
            kind="test_suite",
            entry_point="tail",
            reference=r"""def tail(lines, n):
    return lines[-n:] if n > 0 else []
""",
            mutants=[
                r"""def tail(lines, n):
    return lines[-n:]
""",
                r"""def tail(lines, n):
    return lines[len(lines) - n:]
""",
                r"""def tail(lines, n):
    return lines[-n - 1:] if n > 0 else []
""",
                r"""def tail(lines, n):
    return lines[:n]
""",
            ],
        ),
    ),
    dict(
        id="tester-022",
        role="tester",
        user=r'''Write tests for the pricing-rule parser:
```python
def parse_percent(text: str) -> float:
    """Parse "45%" or " 12.5 % " into a fraction (0.45, 0.125).
    Raise ValueError if the "%" sign is missing."""
```''',
        answer=r'''```python
def test_parses_fraction():
    assert parse_percent("45%") == 0.45
    assert parse_percent("0%") == 0.0
    assert parse_percent("150%") == 1.5

def test_whitespace():
    assert parse_percent(" 12.5 % ") == 0.125

def test_missing_sign():
    try:
        parse_percent("45")
    except ValueError:
        pass
    else:
        raise AssertionError("expected ValueError")
```''',
        check=dict(
            kind="test_suite",
            entry_point="parse_percent",
            reference=r"""def parse_percent(text):
    t = text.strip()
    if not t.endswith("%"):
        raise ValueError(text)
    return float(t[:-1]) / 100
""",
            mutants=[
                r"""def parse_percent(text):
    return float(text.strip().rstrip("%")) / 100
""",
                r"""def parse_percent(text):
    if not text.endswith("%"):
        raise ValueError(text)
    return float(text[:-1]) / 100
""",
                r"""def parse_percent(text):
    t = text.strip()
    if not t.endswith("%"):
        raise ValueError(text)
    return float(t[:-1])
""",
            ],
        ),
    ),
    dict(
        id="tester-023",
        role="tester",
        user=r'''Write tests for `span`:
```python
def span(a: int, b: int) -> list[int]:
    """All integers from a to b inclusive, counting down when a > b."""
```''',
        answer=r'''```python
def test_ascending():
    assert span(1, 4) == [1, 2, 3, 4]

def test_single():
    assert span(3, 3) == [3]

def test_descending():
    assert span(2, -1) == [2, 1, 0, -1]
```''',
        check=dict(
            kind="test_suite",
            entry_point="span",
            reference=r"""def span(a, b):
    step = 1 if b >= a else -1
    return list(range(a, b + step, step))
""",
            mutants=[
                r"""def span(a, b):
    return list(range(a, b + 1))
""",
                r"""def span(a, b):
    return list(range(min(a, b), max(a, b) + 1))
""",
                r"""def span(a, b):
    step = 1 if b >= a else -1
    return list(range(a, b, step))
""",
            ],
        ),
    ),
    dict(
        id="tester-024",
        role="tester",
        user=r'''Leaderboard ranks are shown as "1st", "2nd", ... Write tests for the helper:
```python
def ordinal(n: int) -> str:
    """1 -> "1st", 2 -> "2nd", 3 -> "3rd", 4 -> "4th", 11 -> "11th",
    22 -> "22nd", 113 -> "113th". n >= 0."""
```''',
        answer=r'''```python
def test_basic_suffixes():
    assert ordinal(1) == "1st"
    assert ordinal(2) == "2nd"
    assert ordinal(3) == "3rd"
    assert ordinal(4) == "4th"
    assert ordinal(0) == "0th"

def test_teens():
    assert [ordinal(n) for n in (11, 12, 13)] == ["11th", "12th", "13th"]
    assert [ordinal(n) for n in (111, 112, 113)] == ["111th", "112th", "113th"]

def test_later_tens():
    assert [ordinal(n) for n in (21, 22, 23, 101)] == ["21st", "22nd", "23rd", "101st"]
```''',
        check=dict(
            kind="test_suite",
            entry_point="ordinal",
            reference=r"""def ordinal(n):
    if 10 <= n % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
""",
            mutants=[
                r"""def ordinal(n):
    if 10 <= n <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
""",
                r"""def ordinal(n):
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
""",
                r"""def ordinal(n):
    if 11 <= n % 100 <= 12:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
""",
                r"""def ordinal(n):
    if 10 <= n % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd"}.get(n % 10, "th")
    return f"{n}{suffix}"
""",
            ],
        ),
    ),
    dict(
        id="tester-025",
        role="tester",
        user=r'''Write tests for the theme exporter's colour helper:
```python
def rgb_to_hex(r: int, g: int, b: int) -> str:
    """"#rrggbb" in lower case. Each channel must be 0..255, else ValueError."""
```''',
        answer=r'''```python
def test_formats_lower_hex():
    assert rgb_to_hex(255, 0, 128) == "#ff0080"
    assert rgb_to_hex(171, 205, 239) == "#abcdef"

def test_pads_each_channel():
    assert rgb_to_hex(0, 0, 0) == "#000000"
    assert rgb_to_hex(10, 11, 12) == "#0a0b0c"

def test_out_of_range():
    for bad in [(256, 0, 0), (0, -1, 0)]:
        try:
            rgb_to_hex(*bad)
        except ValueError:
            continue
        raise AssertionError(bad)
```''',
        check=dict(
            kind="test_suite",
            entry_point="rgb_to_hex",
            reference=r"""def rgb_to_hex(r, g, b):
    for c in (r, g, b):
        if not 0 <= c <= 255:
            raise ValueError(c)
    return "#{:02x}{:02x}{:02x}".format(r, g, b)
""",
            mutants=[
                r"""def rgb_to_hex(r, g, b):
    for c in (r, g, b):
        if not 0 <= c <= 255:
            raise ValueError(c)
    return "#{:x}{:x}{:x}".format(r, g, b)
""",
                r"""def rgb_to_hex(r, g, b):
    for c in (r, g, b):
        if not 0 <= c <= 255:
            raise ValueError(c)
    return "#{:02X}{:02X}{:02X}".format(r, g, b)
""",
                r"""def rgb_to_hex(r, g, b):
    for c in (r, g, b):
        if not 0 <= c < 255:
            raise ValueError(c)
    return "#{:02x}{:02x}{:02x}".format(r, g, b)
""",
                r"""def rgb_to_hex(r, g, b):
    return "#{:02x}{:02x}{:02x}".format(r, g, b)
""",
            ],
        ),
    ),
    dict(
        id="tester-026",
        role="tester",
        user=r'''Job durations in the CI report overflow past a day. Write tests for the formatter:
```python
def to_hms(seconds: int) -> str:
    """Format a duration as "HH:MM:SS". Hours are not wrapped at 24 and may
    have more than two digits. Raise ValueError for negative input."""
```''',
        answer=r'''```python
def test_formats():
    assert to_hms(0) == "00:00:00"
    assert to_hms(3723) == "01:02:03"
    assert to_hms(86399) == "23:59:59"

def test_long_durations():
    assert to_hms(90000) == "25:00:00"
    assert to_hms(360000) == "100:00:00"

def test_negative():
    try:
        to_hms(-1)
    except ValueError:
        pass
    else:
        raise AssertionError("expected ValueError")
```''',
        check=dict(
            kind="test_suite",
            entry_point="to_hms",
            reference=r"""def to_hms(seconds):
    if seconds < 0:
        raise ValueError(seconds)
    h, rem = divmod(seconds, 3600)
    m, s = divmod(rem, 60)
    return f"{h:02d}:{m:02d}:{s:02d}"
""",
            mutants=[
                r"""def to_hms(seconds):
    if seconds < 0:
        raise ValueError(seconds)
    h, rem = divmod(seconds, 3600)
    m, s = divmod(rem, 60)
    return f"{h % 24:02d}:{m:02d}:{s:02d}"
""",
                r"""def to_hms(seconds):
    if seconds < 0:
        raise ValueError(seconds)
    h = seconds // 3600
    m = seconds // 60
    s = seconds % 60
    return f"{h:02d}:{m:02d}:{s:02d}"
""",
                r"""def to_hms(seconds):
    h, rem = divmod(seconds, 3600)
    m, s = divmod(rem, 60)
    return f"{h:02d}:{m:02d}:{s:02d}"
""",
                r"""import time

def to_hms(seconds):
    if seconds < 0:
        raise ValueError(seconds)
    return time.strftime("%H:%M:%S", time.gmtime(seconds))
""",
            ],
        ),
    ),
    dict(
        id="tester-027",
        role="tester",
        user=r'''Write tests for the config validator:
```python
def is_valid_port(value) -> bool:
    """True only for an int in 1..65535. Strings, floats and bools are never ports."""
```''',
        answer=r'''```python
def test_valid_ports():
    assert is_valid_port(1)
    assert is_valid_port(8080)
    assert is_valid_port(65535)

def test_out_of_range():
    assert not is_valid_port(0)
    assert not is_valid_port(65536)
    assert not is_valid_port(-1)

def test_wrong_types():
    assert not is_valid_port("80")
    assert not is_valid_port(80.0)
    assert not is_valid_port(True)
```''',
        check=dict(
            kind="test_suite",
            entry_point="is_valid_port",
            reference=r"""def is_valid_port(value):
    return type(value) is int and 1 <= value <= 65535
""",
            mutants=[
                r"""def is_valid_port(value):
    return isinstance(value, int) and 1 <= value <= 65535
""",
                r"""def is_valid_port(value):
    return type(value) is int and 0 <= value <= 65535
""",
                r"""def is_valid_port(value):
    return type(value) is int and 1 <= value < 65535
""",
                r"""def is_valid_port(value):
    try:
        port = int(value)
    except (TypeError, ValueError):
        return False
    return 1 <= port <= 65535
""",
            ],
        ),
    ),
    dict(
        id="tester-028",
        role="tester",
        user=r'''The API client builds URLs with `join_url`. Write tests:
```python
def join_url(base: str, path: str) -> str:
    """Join base and path with exactly one "/" between them, whatever
    slashes either side has at the seam. Other slashes are kept.
    An empty path returns base unchanged."""
```''',
        answer=r'''```python
def test_single_slash_at_seam():
    assert join_url("https://api.x.io", "v1/users") == "https://api.x.io/v1/users"
    assert join_url("https://api.x.io/", "/v1") == "https://api.x.io/v1"
    assert join_url("http://h//", "//v1") == "http://h/v1"

def test_keeps_trailing_slash_of_path():
    assert join_url("http://h", "docs/") == "http://h/docs/"

def test_empty_path():
    assert join_url("http://h/api", "") == "http://h/api"
```''',
        check=dict(
            kind="test_suite",
            entry_point="join_url",
            reference=r"""def join_url(base, path):
    if not path:
        return base
    return base.rstrip("/") + "/" + path.lstrip("/")
""",
            mutants=[
                r"""def join_url(base, path):
    if not path:
        return base
    return base + "/" + path
""",
                r"""import posixpath

def join_url(base, path):
    if not path:
        return base
    return posixpath.join(base, path)
""",
                r"""def join_url(base, path):
    return base.rstrip("/") + "/" + path.lstrip("/")
""",
                r"""def join_url(base, path):
    if not path:
        return base
    return base.rstrip("/") + "/" + path.strip("/")
""",
            ],
        ),
    ),
    dict(
        id="tester-029",
        role="tester",
        user=r'''Write tests for the KPI helper:
```python
def percent_change(old: float, new: float) -> float:
    """Percentage change from old to new relative to abs(old), rounded to
    2 decimals; decreases are negative. Raise ValueError if old == 0."""
```''',
        answer=r'''```python
def test_increase_and_decrease():
    assert percent_change(100, 150) == 50.0
    assert percent_change(200, 150) == -25.0

def test_rounding():
    assert percent_change(3, 4) == 33.33

def test_negative_base():
    assert percent_change(-50, -25) == 50.0

def test_zero_base():
    try:
        percent_change(0, 10)
    except ValueError:
        pass
    else:
        raise AssertionError("expected ValueError")
```''',
        check=dict(
            kind="test_suite",
            entry_point="percent_change",
            reference=r"""def percent_change(old, new):
    if old == 0:
        raise ValueError("old must be non-zero")
    return round((new - old) / abs(old) * 100, 2)
""",
            mutants=[
                r"""def percent_change(old, new):
    if old == 0:
        raise ValueError("old must be non-zero")
    return round((new - old) / old * 100, 2)
""",
                r"""def percent_change(old, new):
    if old == 0:
        raise ValueError("old must be non-zero")
    return round((new - old) / abs(new) * 100, 2)
""",
                r"""def percent_change(old, new):
    if old == 0:
        raise ValueError("old must be non-zero")
    return (new - old) / abs(old) * 100
""",
                r"""def percent_change(old, new):
    return round((new - old) / abs(old) * 100, 2)
""",
            ],
        ),
    ),
    dict(
        id="tester-030",
        role="tester",
        user=r'''Write tests for `env_key`, which maps config keys to environment variable names:
```python
def env_key(name: str) -> str:
    """Upper-case name; every run of characters that are not ASCII letters or
    digits becomes one "_"; leading/trailing "_" are removed."""
```''',
        answer=r'''```python
def test_basic():
    assert env_key("my-app.port") == "MY_APP_PORT"
    assert env_key("log_level2") == "LOG_LEVEL2"

def test_runs_collapse():
    assert env_key("db..host") == "DB_HOST"
    assert env_key("a - b") == "A_B"

def test_edges_trimmed():
    assert env_key(" -x- ") == "X"
```''',
        check=dict(
            kind="test_suite",
            entry_point="env_key",
            reference=r"""import re

def env_key(name):
    return re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_").upper()
""",
            mutants=[
                r"""import re

def env_key(name):
    return re.sub(r"[^A-Za-z0-9]", "_", name).strip("_").upper()
""",
                r"""import re

def env_key(name):
    return re.sub(r"[^A-Za-z0-9]+", "_", name).upper()
""",
                r"""def env_key(name):
    return name.replace("-", "_").replace(".", "_").upper()
""",
            ],
        ),
    ),
    dict(
        id="tester-031",
        role="tester",
        user=r'''The import job should report duplicate record ids. Write tests for:
```python
def duplicate_ids(records: list[dict]) -> list:
    """Sorted list of the "id" values that occur more than once; each such
    id is listed once."""
```''',
        answer=r'''```python
def test_reports_each_duplicate_once_sorted():
    recs = [{"id": 3}, {"id": 1}, {"id": 3}, {"id": 1}, {"id": 3}, {"id": 2}]
    assert duplicate_ids(recs) == [1, 3]

def test_no_duplicates():
    assert duplicate_ids([{"id": 1}, {"id": 2}]) == []
    assert duplicate_ids([]) == []
```''',
        check=dict(
            kind="test_suite",
            entry_point="duplicate_ids",
            reference=r"""from collections import Counter

def duplicate_ids(records):
    counts = Counter(r["id"] for r in records)
    return sorted(k for k, v in counts.items() if v > 1)
""",
            mutants=[
                r"""from collections import Counter

def duplicate_ids(records):
    counts = Counter(r["id"] for r in records)
    return sorted(k for k, v in counts.items() if v > 2)
""",
                r"""def duplicate_ids(records):
    seen, dups = set(), []
    for r in records:
        if r["id"] in seen:
            dups.append(r["id"])
        seen.add(r["id"])
    return sorted(dups)
""",
                r"""from collections import Counter

def duplicate_ids(records):
    counts = Counter(r["id"] for r in records)
    return [k for k, v in counts.items() if v > 1]
""",
                r"""from collections import Counter

def duplicate_ids(records):
    counts = Counter(r["id"] for r in records)
    return sorted(k for k, v in counts.items() if v >= 1)
""",
            ],
        ),
    ),
    # ------------------------------------------------------------------ medium: retries, paging, parsing, money
    dict(
        id="tester-032",
        role="tester",
        user=r'''Write tests for the HTTP client's backoff:
```python
def backoff_delay(attempt: int, base: float = 0.5, cap: float = 30.0) -> float:
    """Delay before retry number `attempt` (1-based): base * 2**(attempt - 1),
    never more than cap. Raise ValueError if attempt < 1."""
```''',
        answer=r'''```python
def test_doubles():
    assert backoff_delay(1) == 0.5
    assert backoff_delay(2) == 1.0
    assert backoff_delay(4) == 4.0

def test_capped():
    assert backoff_delay(7) == 30.0
    assert backoff_delay(100) == 30.0
    assert backoff_delay(3, base=1, cap=3) == 3

def test_attempt_zero_raises():
    try:
        backoff_delay(0)
    except ValueError:
        pass
    else:
        raise AssertionError("expected ValueError")
```''',
        check=dict(
            kind="test_suite",
            entry_point="backoff_delay",
            reference=r"""def backoff_delay(attempt, base=0.5, cap=30.0):
    if attempt < 1:
        raise ValueError(attempt)
    return min(cap, base * 2 ** (attempt - 1))
""",
            mutants=[
                r"""def backoff_delay(attempt, base=0.5, cap=30.0):
    if attempt < 1:
        raise ValueError(attempt)
    return min(cap, base * 2 ** attempt)
""",
                r"""def backoff_delay(attempt, base=0.5, cap=30.0):
    if attempt < 1:
        raise ValueError(attempt)
    return base * 2 ** (attempt - 1)
""",
                r"""def backoff_delay(attempt, base=0.5, cap=30.0):
    if attempt < 1:
        raise ValueError(attempt)
    return max(cap, base * 2 ** (attempt - 1))
""",
                r"""def backoff_delay(attempt, base=0.5, cap=30.0):
    if attempt < 0:
        raise ValueError(attempt)
    return min(cap, base * 2 ** (attempt - 1))
""",
            ],
        ),
    ),
    dict(
        id="tester-033",
        role="tester",
        user=r'''The list endpoint paginates in memory. Write tests for:
```python
def paginate(items: list, page: int, per_page: int) -> list:
    """Items on the 1-based `page`; pages past the end are [].
    Raise ValueError if page < 1 or per_page < 1."""
```''',
        answer=r'''```python
ITEMS = list(range(10))

def test_pages():
    assert paginate(ITEMS, 1, 4) == [0, 1, 2, 3]
    assert paginate(ITEMS, 3, 4) == [8, 9]

def test_past_the_end():
    assert paginate(ITEMS, 4, 4) == []

def test_invalid_arguments():
    for page, per_page in [(0, 4), (1, 0)]:
        try:
            paginate(ITEMS, page, per_page)
        except ValueError:
            continue
        raise AssertionError((page, per_page))
```''',
        check=dict(
            kind="test_suite",
            entry_point="paginate",
            reference=r"""def paginate(items, page, per_page):
    if page < 1 or per_page < 1:
        raise ValueError("page and per_page must be >= 1")
    start = (page - 1) * per_page
    return items[start:start + per_page]
""",
            mutants=[
                r"""def paginate(items, page, per_page):
    if page < 1 or per_page < 1:
        raise ValueError("page and per_page must be >= 1")
    start = page * per_page
    return items[start:start + per_page]
""",
                r"""def paginate(items, page, per_page):
    if page < 1 or per_page < 1:
        raise ValueError("page and per_page must be >= 1")
    start = (page - 1) * per_page
    return items[start:start + per_page + 1]
""",
                r"""def paginate(items, page, per_page):
    if page < 1:
        raise ValueError("page must be >= 1")
    start = (page - 1) * per_page
    return items[start:start + per_page]
""",
                r"""def paginate(items, page, per_page):
    if page < 0 or per_page < 1:
        raise ValueError("bad page")
    start = (page - 1) * per_page
    return items[start:start + per_page]
""",
            ],
        ),
    ),
    dict(
        id="tester-034",
        role="tester",
        user=r'''Opening hours come in as "HH:MM". Write tests for the parser:
```python
def parse_hhmm(text: str) -> int:
    """Minutes since midnight for a 24h "HH:MM" string ("09:30" -> 570).
    Exactly two digits each; hours 00-23, minutes 00-59; else ValueError."""
```''',
        answer=r'''```python
def test_valid_times():
    assert parse_hhmm("00:00") == 0
    assert parse_hhmm("09:30") == 570
    assert parse_hhmm("23:59") == 1439

def test_rejects_bad_input():
    for bad in ["24:00", "12:60", "9:30", "0930", "ab:cd", "12:305"]:
        try:
            parse_hhmm(bad)
        except ValueError:
            continue
        raise AssertionError(bad)
```''',
        check=dict(
            kind="test_suite",
            entry_point="parse_hhmm",
            reference=r"""import re

def parse_hhmm(text):
    m = re.fullmatch(r"(\d\d):(\d\d)", text)
    if not m:
        raise ValueError(text)
    h, mi = int(m.group(1)), int(m.group(2))
    if h > 23 or mi > 59:
        raise ValueError(text)
    return h * 60 + mi
""",
            mutants=[
                r"""import re

def parse_hhmm(text):
    m = re.fullmatch(r"(\d\d):(\d\d)", text)
    if not m:
        raise ValueError(text)
    h, mi = int(m.group(1)), int(m.group(2))
    if h > 24 or mi > 59:
        raise ValueError(text)
    return h * 60 + mi
""",
                r"""import re

def parse_hhmm(text):
    m = re.fullmatch(r"(\d\d):(\d\d)", text)
    if not m:
        raise ValueError(text)
    h, mi = int(m.group(1)), int(m.group(2))
    if h > 23 or mi >= 59:
        raise ValueError(text)
    return h * 60 + mi
""",
                r"""def parse_hhmm(text):
    h, mi = text.split(":")
    h, mi = int(h), int(mi)
    if h > 23 or mi > 59:
        raise ValueError(text)
    return h * 60 + mi
""",
                r"""import re

def parse_hhmm(text):
    m = re.match(r"(\d\d):(\d\d)", text)
    if not m:
        raise ValueError(text)
    h, mi = int(m.group(1)), int(m.group(2))
    if h > 23 or mi > 59:
        raise ValueError(text)
    return h * 60 + mi
""",
            ],
        ),
    ),
    dict(
        id="tester-035",
        role="tester",
        user=r'''Write tests for the bill-splitting helper:
```python
def split_amount(total_cents: int, n: int) -> list[int]:
    """Split total_cents into n shares that sum to total_cents and differ by
    at most 1 cent; larger shares first. Raise ValueError if n < 1."""
```''',
        answer=r'''```python
def test_uneven_split():
    assert split_amount(100, 3) == [34, 33, 33]
    assert split_amount(2, 4) == [1, 1, 0, 0]

def test_even_split():
    assert split_amount(10, 5) == [2, 2, 2, 2, 2]
    assert split_amount(0, 2) == [0, 0]

def test_bad_n():
    try:
        split_amount(100, 0)
    except ValueError:
        pass
    else:
        raise AssertionError("expected ValueError")
```''',
        check=dict(
            kind="test_suite",
            entry_point="split_amount",
            reference=r"""def split_amount(total_cents, n):
    if n < 1:
        raise ValueError(n)
    q, r = divmod(total_cents, n)
    return [q + 1] * r + [q] * (n - r)
""",
            mutants=[
                r"""def split_amount(total_cents, n):
    if n < 1:
        raise ValueError(n)
    return [total_cents // n] * n
""",
                r"""def split_amount(total_cents, n):
    if n < 1:
        raise ValueError(n)
    q, r = divmod(total_cents, n)
    return [q] * (n - r) + [q + 1] * r
""",
                r"""def split_amount(total_cents, n):
    if n < 1:
        raise ValueError(n)
    q, r = divmod(total_cents, n)
    return [q + 1] * r + [q] * n
""",
                r"""def split_amount(total_cents, n):
    if n < 1:
        raise ValueError(n)
    return [round(total_cents / n)] * n
""",
            ],
        ),
    ),
    dict(
        id="tester-036",
        role="tester",
        user=r'''Rate limiter for the webhook endpoint. Write tests, especially the window edge:
```python
def allow_request(history: list[float], now: float, limit: int, window: float) -> bool:
    """Sliding-window limit: history holds timestamps of accepted requests.
    Allow if fewer than `limit` of them lie in (now - window, now]."""
```''',
        answer=r'''```python
def test_under_and_at_limit():
    assert allow_request([1.0, 2.0], 3.0, 3, 10.0)
    assert not allow_request([1.0, 2.0, 3.0], 3.5, 3, 10.0)

def test_old_requests_expire():
    assert allow_request([1.0, 2.0, 3.0], 11.5, 3, 10.0)

def test_window_start_is_exclusive():
    assert allow_request([0.0, 5.0, 6.0], 10.0, 3, 10.0)
    assert not allow_request([0.5, 5.0, 6.0], 10.0, 3, 10.0)
```''',
        check=dict(
            kind="test_suite",
            entry_point="allow_request",
            reference=r"""def allow_request(history, now, limit, window):
    recent = sum(1 for t in history if now - window < t <= now)
    return recent < limit
""",
            mutants=[
                r"""def allow_request(history, now, limit, window):
    recent = sum(1 for t in history if now - window < t <= now)
    return recent <= limit
""",
                r"""def allow_request(history, now, limit, window):
    recent = sum(1 for t in history if now - window <= t <= now)
    return recent < limit
""",
                r"""def allow_request(history, now, limit, window):
    return len(history) < limit
""",
            ],
        ),
    ),
    dict(
        id="tester-037",
        role="tester",
        user=r'''Security review: the file server joins user paths with this. Write tests that would catch a traversal bug.
```python
def safe_join(root: str, relative: str) -> str:
    """Join a user-supplied path under root (POSIX) and normalize it.
    Raise ValueError if the result would lie outside root, e.g. "../x"
    or an absolute path."""
```''',
        answer=r'''```python
def test_joins_inside_root():
    assert safe_join("/srv/data", "a/b.txt") == "/srv/data/a/b.txt"
    assert safe_join("/srv/data", "a/../b") == "/srv/data/b"
    assert safe_join("/srv/data", ".") == "/srv/data"

def test_rejects_escapes():
    for bad in ["../etc/passwd", "/etc/passwd", "a/../../x", "../data2/f"]:
        try:
            safe_join("/srv/data", bad)
        except ValueError:
            continue
        raise AssertionError(bad)
```''',
        check=dict(
            kind="test_suite",
            entry_point="safe_join",
            reference=r"""import posixpath

def safe_join(root, relative):
    root = posixpath.normpath(root)
    full = posixpath.normpath(posixpath.join(root, relative))
    if full != root and not full.startswith(root.rstrip("/") + "/"):
        raise ValueError(relative)
    return full
""",
            mutants=[
                r"""import posixpath

def safe_join(root, relative):
    root = posixpath.normpath(root)
    full = posixpath.normpath(posixpath.join(root, relative))
    if not full.startswith(root):
        raise ValueError(relative)
    return full
""",
                r"""import posixpath

def safe_join(root, relative):
    if ".." in relative:
        raise ValueError(relative)
    return posixpath.normpath(posixpath.join(root, relative))
""",
                r"""import posixpath

def safe_join(root, relative):
    root = posixpath.normpath(root)
    full = posixpath.normpath(root + "/" + relative)
    if full != root and not full.startswith(root + "/"):
        raise ValueError(relative)
    return full
""",
                r"""import posixpath

def safe_join(root, relative):
    root = posixpath.normpath(root)
    full = posixpath.normpath(posixpath.join(root, relative))
    if not full.startswith(root + "/"):
        raise ValueError(relative)
    return full
""",
            ],
        ),
    ),
    dict(
        id="tester-038",
        role="tester",
        user=r'''Write tests for the download server's Range parsing:
```python
def parse_byte_range(header: str, size: int) -> tuple[int, int]:
    """Parse one range: "bytes=0-99", "bytes=500-" or suffix "bytes=-200",
    for a resource of `size` bytes. Return inclusive (start, end), end clamped
    to size - 1. Raise ValueError if malformed or unsatisfiable."""
```''',
        answer=r'''```python
def test_explicit_range():
    assert parse_byte_range("bytes=0-99", 1000) == (0, 99)
    assert parse_byte_range("bytes=900-2000", 1000) == (900, 999)

def test_open_and_suffix():
    assert parse_byte_range("bytes=500-", 1000) == (500, 999)
    assert parse_byte_range("bytes=-200", 1000) == (800, 999)
    assert parse_byte_range("bytes=-5000", 1000) == (0, 999)

def test_invalid():
    for bad in ["bytes=1000-", "bytes=50-10", "items=0-1", "bytes=-0"]:
        try:
            parse_byte_range(bad, 1000)
        except ValueError:
            continue
        raise AssertionError(bad)
```''',
        check=dict(
            kind="test_suite",
            entry_point="parse_byte_range",
            reference=r"""import re

def parse_byte_range(header, size):
    m = re.fullmatch(r"bytes=(\d*)-(\d*)", header.strip())
    if not m or m.groups() == ("", ""):
        raise ValueError(header)
    a, b = m.groups()
    if a == "":
        n = int(b)
        if n == 0:
            raise ValueError(header)
        return (max(0, size - n), size - 1)
    start = int(a)
    if start >= size or (b != "" and int(b) < start):
        raise ValueError(header)
    end = size - 1 if b == "" else min(int(b), size - 1)
    return (start, end)
""",
            mutants=[
                r"""import re

def parse_byte_range(header, size):
    m = re.fullmatch(r"bytes=(\d*)-(\d*)", header.strip())
    if not m or m.groups() == ("", ""):
        raise ValueError(header)
    a, b = m.groups()
    if a == "":
        n = int(b)
        if n == 0:
            raise ValueError(header)
        return (max(0, size - n), size - 1)
    start = int(a)
    if start >= size or (b != "" and int(b) < start):
        raise ValueError(header)
    end = size - 1 if b == "" else int(b)
    return (start, end)
""",
                r"""import re

def parse_byte_range(header, size):
    m = re.fullmatch(r"bytes=(\d*)-(\d*)", header.strip())
    if not m or m.groups() == ("", ""):
        raise ValueError(header)
    a, b = m.groups()
    if a == "":
        n = int(b)
        if n == 0:
            raise ValueError(header)
        return (size - n, size - 1)
    start = int(a)
    if start >= size or (b != "" and int(b) < start):
        raise ValueError(header)
    end = size - 1 if b == "" else min(int(b), size - 1)
    return (start, end)
""",
                r"""import re

def parse_byte_range(header, size):
    m = re.fullmatch(r"bytes=(\d*)-(\d*)", header.strip())
    if not m or m.groups() == ("", ""):
        raise ValueError(header)
    a, b = m.groups()
    if a == "":
        n = int(b)
        if n == 0:
            raise ValueError(header)
        return (max(0, size - n), size - 1)
    start = int(a)
    if start > size or (b != "" and int(b) < start):
        raise ValueError(header)
    end = size - 1 if b == "" else min(int(b), size - 1)
    return (start, end)
""",
                r"""import re

def parse_byte_range(header, size):
    m = re.fullmatch(r"bytes=(\d*)-(\d*)", header.strip())
    if not m or m.groups() == ("", ""):
        raise ValueError(header)
    a, b = m.groups()
    if a == "":
        n = int(b)
        if n == 0:
            raise ValueError(header)
        return (max(0, size - n), size - 1)
    start = int(a)
    if start >= size:
        raise ValueError(header)
    end = size - 1 if b == "" else min(int(b), size - 1)
    return (start, end)
""",
            ],
        ),
    ),
    # ------------------------------------------------------------------ small state machines
    dict(
        id="tester-039",
        role="tester",
        user=r'''Write tests for the demo's traffic-light state machine:
```python
def next_light(state: str) -> str:
    """Cycle "green" -> "yellow" -> "red" -> "green".
    Raise ValueError for an unknown state (names are lower case)."""
```''',
        answer=r'''```python
def test_cycle():
    assert next_light("green") == "yellow"
    assert next_light("yellow") == "red"
    assert next_light("red") == "green"

def test_unknown_states():
    for bad in ["blue", "Green", ""]:
        try:
            next_light(bad)
        except ValueError:
            continue
        raise AssertionError(bad)
```''',
        check=dict(
            kind="test_suite",
            entry_point="next_light",
            reference=r"""NEXT = {"green": "yellow", "yellow": "red", "red": "green"}

def next_light(state):
    if state not in NEXT:
        raise ValueError(state)
    return NEXT[state]
""",
            mutants=[
                r"""NEXT = {"green": "yellow", "yellow": "red", "red": "yellow"}

def next_light(state):
    if state not in NEXT:
        raise ValueError(state)
    return NEXT[state]
""",
                r"""NEXT = {"green": "yellow", "yellow": "red", "red": "green"}

def next_light(state):
    state = state.lower()
    if state not in NEXT:
        raise ValueError(state)
    return NEXT[state]
""",
                r"""NEXT = {"green": "yellow", "yellow": "red", "red": "green"}

def next_light(state):
    return NEXT.get(state, "red")
""",
                r"""NEXT = {"green": "yellow", "yellow": "red", "red": "green"}

def next_light(state):
    return NEXT[state]
""",
            ],
        ),
    ),
    dict(
        id="tester-040",
        role="tester",
        user=r'''Ticket SHOP-77: orders could be cancelled after shipping. Write tests for the transition function:
```python
def order_next(state: str, event: str) -> str:
    """pending --pay--> paid --ship--> shipped --deliver--> delivered.
    "cancel" moves pending or paid to "cancelled". Every other
    (state, event) pair raises ValueError."""
```''',
        answer=r'''```python
def test_happy_path():
    s = "pending"
    for event, want in [("pay", "paid"), ("ship", "shipped"), ("deliver", "delivered")]:
        s = order_next(s, event)
        assert s == want

def test_cancel():
    assert order_next("pending", "cancel") == "cancelled"
    assert order_next("paid", "cancel") == "cancelled"

def test_illegal_transitions():
    for state, event in [("shipped", "cancel"), ("pending", "ship"), ("cancelled", "pay")]:
        try:
            order_next(state, event)
        except ValueError:
            continue
        raise AssertionError((state, event))
```''',
        check=dict(
            kind="test_suite",
            entry_point="order_next",
            reference=r"""MOVES = {
    ("pending", "pay"): "paid",
    ("paid", "ship"): "shipped",
    ("shipped", "deliver"): "delivered",
    ("pending", "cancel"): "cancelled",
    ("paid", "cancel"): "cancelled",
}

def order_next(state, event):
    if (state, event) not in MOVES:
        raise ValueError((state, event))
    return MOVES[(state, event)]
""",
            mutants=[
                r"""MOVES = {
    ("pending", "pay"): "paid",
    ("paid", "ship"): "shipped",
    ("shipped", "deliver"): "delivered",
}

def order_next(state, event):
    if event == "cancel":
        return "cancelled"
    if (state, event) not in MOVES:
        raise ValueError((state, event))
    return MOVES[(state, event)]
""",
                r"""MOVES = {
    ("pending", "pay"): "paid",
    ("pending", "ship"): "shipped",
    ("paid", "ship"): "shipped",
    ("shipped", "deliver"): "delivered",
    ("pending", "cancel"): "cancelled",
    ("paid", "cancel"): "cancelled",
}

def order_next(state, event):
    if (state, event) not in MOVES:
        raise ValueError((state, event))
    return MOVES[(state, event)]
""",
                r"""MOVES = {
    ("pending", "pay"): "paid",
    ("paid", "ship"): "shipped",
    ("shipped", "deliver"): "delivered",
    ("pending", "cancel"): "cancelled",
}

def order_next(state, event):
    if (state, event) not in MOVES:
        raise ValueError((state, event))
    return MOVES[(state, event)]
""",
                r"""MOVES = {
    ("pending", "pay"): "paid",
    ("paid", "ship"): "shipped",
    ("shipped", "deliver"): "delivered",
    ("pending", "cancel"): "cancelled",
    ("paid", "cancel"): "cancelled",
}

def order_next(state, event):
    return MOVES.get((state, event), state)
""",
            ],
        ),
    ),
    # ------------------------------------------------------------------ money and rounding
    dict(
        id="tester-041",
        role="tester",
        user=r'''Finance says invoices must round half away from zero, not banker's rounding. Write tests for:
```python
def round_money(value: str, places: int = 2) -> str:
    """Round a decimal string half away from zero to `places` decimals and
    return it with exactly that many decimals ("2.675" -> "2.68")."""
```''',
        answer=r'''```python
def test_halves_round_away_from_zero():
    assert round_money("2.675") == "2.68"
    assert round_money("2.665") == "2.67"
    assert round_money("-1.005") == "-1.01"

def test_pads_decimals():
    assert round_money("3") == "3.00"

def test_other_places():
    assert round_money("1.25", 1) == "1.3"
    assert round_money("7.1", 0) == "7"
```''',
        check=dict(
            kind="test_suite",
            entry_point="round_money",
            reference=r"""from decimal import Decimal, ROUND_HALF_UP

def round_money(value, places=2):
    q = Decimal(1).scaleb(-places)
    return str(Decimal(value).quantize(q, rounding=ROUND_HALF_UP))
""",
            mutants=[
                r"""def round_money(value, places=2):
    return f"{round(float(value), places):.{places}f}"
""",
                r"""from decimal import Decimal, ROUND_HALF_EVEN

def round_money(value, places=2):
    q = Decimal(1).scaleb(-places)
    return str(Decimal(value).quantize(q, rounding=ROUND_HALF_EVEN))
""",
                r"""from decimal import Decimal, ROUND_DOWN

def round_money(value, places=2):
    q = Decimal(1).scaleb(-places)
    return str(Decimal(value).quantize(q, rounding=ROUND_DOWN))
""",
                r"""from decimal import Decimal, ROUND_HALF_DOWN

def round_money(value, places=2):
    q = Decimal(1).scaleb(-places)
    return str(Decimal(value).quantize(q, rounding=ROUND_HALF_DOWN))
""",
            ],
        ),
    ),
    dict(
        id="tester-042",
        role="tester",
        user=r'''Write tests for the checkout discount:
```python
def apply_discount(price_cents: int, percent: float) -> int:
    """Price after a percentage discount, rounded to the nearest cent with
    half a cent rounding up. percent must be within 0..100, else ValueError."""
```''',
        answer=r'''```python
def test_discounts():
    assert apply_discount(1000, 10) == 900
    assert apply_discount(1234, 0) == 1234
    assert apply_discount(1234, 100) == 0

def test_half_cent_rounds_up():
    assert apply_discount(999, 50) == 500
    assert apply_discount(1, 50) == 1

def test_bad_percent():
    for bad in (101, -5):
        try:
            apply_discount(1000, bad)
        except ValueError:
            continue
        raise AssertionError(bad)
```''',
        check=dict(
            kind="test_suite",
            entry_point="apply_discount",
            reference=r"""import math

def apply_discount(price_cents, percent):
    if not 0 <= percent <= 100:
        raise ValueError(percent)
    return math.floor(price_cents * (100 - percent) / 100 + 0.5)
""",
            mutants=[
                r"""def apply_discount(price_cents, percent):
    if not 0 <= percent <= 100:
        raise ValueError(percent)
    return round(price_cents * (100 - percent) / 100)
""",
                r"""def apply_discount(price_cents, percent):
    if not 0 <= percent <= 100:
        raise ValueError(percent)
    return int(price_cents * (100 - percent) / 100)
""",
                r"""import math

def apply_discount(price_cents, percent):
    if not 0 <= percent <= 100:
        raise ValueError(percent)
    return math.floor(price_cents * percent / 100 + 0.5)
""",
                r"""import math

def apply_discount(price_cents, percent):
    if not 0 < percent <= 100:
        raise ValueError(percent)
    return math.floor(price_cents * (100 - percent) / 100 + 0.5)
""",
            ],
        ),
    ),
    dict(
        id="tester-043",
        role="tester",
        user=r'''The backfill script processes rows in batches. Write tests for:
```python
def batch_ranges(total: int, size: int) -> list[tuple[int, int]]:
    """Half-open (start, stop) ranges covering range(total) in batches of
    `size`; the last may be shorter. Raise ValueError if size < 1."""
```''',
        answer=r'''```python
def test_batches():
    assert batch_ranges(10, 4) == [(0, 4), (4, 8), (8, 10)]
    assert batch_ranges(8, 4) == [(0, 4), (4, 8)]
    assert batch_ranges(2, 5) == [(0, 2)]

def test_empty():
    assert batch_ranges(0, 3) == []

def test_bad_size():
    try:
        batch_ranges(10, 0)
    except ValueError:
        pass
    else:
        raise AssertionError("expected ValueError")
```''',
        check=dict(
            kind="test_suite",
            entry_point="batch_ranges",
            reference=r"""def batch_ranges(total, size):
    if size < 1:
        raise ValueError(size)
    return [(s, min(s + size, total)) for s in range(0, total, size)]
""",
            mutants=[
                r"""def batch_ranges(total, size):
    if size < 1:
        raise ValueError(size)
    return [(s, s + size) for s in range(0, total, size)]
""",
                r"""def batch_ranges(total, size):
    if size < 1:
        raise ValueError(size)
    return [(s, min(s + size, total)) for s in range(0, total + 1, size)]
""",
                r"""def batch_ranges(total, size):
    if size < 1:
        raise ValueError(size)
    return [(s, min(s + size, total) - 1) for s in range(0, total, size)]
""",
                r"""def batch_ranges(total, size):
    return [(s, min(s + size, total)) for s in range(0, total, max(size, 1))]
""",
            ],
        ),
    ),
    dict(
        id="tester-044",
        role="tester",
        user=r'''The monorepo tool picks which package a change touches. Write tests for:
```python
def common_dir(paths: list[str]) -> str:
    """Longest common directory of relative POSIX file paths, compared by
    whole components of each file's directory part:
    ["src/app/a.py", "src/api/b.py"] -> "src". "" if none or no paths."""
```''',
        answer=r'''```python
def test_whole_components_only():
    assert common_dir(["src/app/a.py", "src/api/b.py"]) == "src"
    assert common_dir(["a/b/c.txt", "a/b/d.txt"]) == "a/b"

def test_single_file_uses_its_directory():
    assert common_dir(["src/x.py"]) == "src"

def test_stops_at_first_difference():
    assert common_dir(["a/x/c/f", "a/y/c/g"]) == "a"

def test_nothing_in_common():
    assert common_dir(["a/x", "b/y"]) == ""
    assert common_dir(["x.py", "src/y.py"]) == ""
    assert common_dir([]) == ""
```''',
        check=dict(
            kind="test_suite",
            entry_point="common_dir",
            reference=r"""def common_dir(paths):
    if not paths:
        return ""
    dirs = [p.split("/")[:-1] for p in paths]
    out = []
    for parts in zip(*dirs):
        if any(x != parts[0] for x in parts):
            break
        out.append(parts[0])
    return "/".join(out)
""",
            mutants=[
                r"""import os

def common_dir(paths):
    return os.path.commonprefix(paths)
""",
                r"""def common_dir(paths):
    if not paths:
        return ""
    dirs = [p.split("/") for p in paths]
    out = []
    for parts in zip(*dirs):
        if any(x != parts[0] for x in parts):
            break
        out.append(parts[0])
    return "/".join(out)
""",
                r"""def common_dir(paths):
    if not paths:
        return ""
    dirs = [p.split("/")[:-1] for p in paths]
    out = []
    for parts in zip(*dirs):
        if all(x == parts[0] for x in parts):
            out.append(parts[0])
    return "/".join(out)
""",
                r"""def common_dir(paths):
    if not paths:
        return ""
    if len(paths) == 1:
        return paths[0]
    dirs = [p.split("/")[:-1] for p in paths]
    out = []
    for parts in zip(*dirs):
        if any(x != parts[0] for x in parts):
            break
        out.append(parts[0])
    return "/".join(out)
""",
            ],
        ),
    ),
    dict(
        id="tester-045",
        role="tester",
        user=r'''Write tests for the `?ids=` query parser:
```python
def parse_id_list(text: str) -> list[int]:
    """Parse "9, 2,5" into [9, 2, 5], keeping order. Whitespace around items
    is ignored, blank entries (",,", trailing comma) are skipped; "" -> []."""
```''',
        answer=r'''```python
def test_parses_in_order():
    assert parse_id_list("9, 2,5") == [9, 2, 5]
    assert parse_id_list("7") == [7]

def test_blank_entries_skipped():
    assert parse_id_list(" 1,,2, ") == [1, 2]

def test_empty():
    assert parse_id_list("") == []
```''',
        check=dict(
            kind="test_suite",
            entry_point="parse_id_list",
            reference=r"""def parse_id_list(text):
    return [int(p) for p in text.split(",") if p.strip()]
""",
            mutants=[
                r"""def parse_id_list(text):
    return [int(p) for p in text.split(",")]
""",
                r"""def parse_id_list(text):
    return [int(p) for p in text.split(", ") if p.strip()]
""",
                r"""def parse_id_list(text):
    return [int(p) for p in text.split(",") if p]
""",
                r"""def parse_id_list(text):
    return sorted(int(p) for p in text.split(",") if p.strip())
""",
            ],
        ),
    ),
    dict(
        id="tester-046",
        role="tester",
        user=r'''The chart axis snaps values to a grid. Write tests for:
```python
def round_to_step(x: float, step: float) -> float:
    """Round x to the nearest multiple of step (step > 0). Exact halves
    round up, toward +infinity, also for negative x."""
```''',
        answer=r'''```python
def test_nearest():
    assert round_to_step(7, 5) == 5
    assert round_to_step(8, 5) == 10
    assert round_to_step(15, 5) == 15

def test_halves_round_up():
    assert round_to_step(7.5, 5) == 10
    assert round_to_step(12.5, 5) == 15
    assert round_to_step(-7.5, 5) == -5

def test_negative():
    assert round_to_step(-8, 5) == -10
```''',
        check=dict(
            kind="test_suite",
            entry_point="round_to_step",
            reference=r"""import math

def round_to_step(x, step):
    return math.floor(x / step + 0.5) * step
""",
            mutants=[
                r"""def round_to_step(x, step):
    return round(x / step) * step
""",
                r"""import math

def round_to_step(x, step):
    return math.ceil(x / step) * step
""",
                r"""def round_to_step(x, step):
    return int(x / step + 0.5) * step
""",
                r"""import math

def round_to_step(x, step):
    return math.floor(x / step) * step
""",
            ],
        ),
    ),
    # ------------------------------------------------------------------ dates (passed in as arguments)
    dict(
        id="tester-047",
        role="tester",
        user=r'''SLA reports count business days. Write tests (2024-01-01 was a Monday):
```python
from datetime import date

def business_days(start: date, end: date) -> int:
    """Number of Monday-Friday days d with start <= d < end; 0 if end <= start."""
```''',
        answer=r'''```python
from datetime import date

def test_full_week():
    assert business_days(date(2024, 1, 1), date(2024, 1, 8)) == 5

def test_weekend_only():
    assert business_days(date(2024, 1, 6), date(2024, 1, 8)) == 0

def test_across_weekend():
    assert business_days(date(2024, 1, 5), date(2024, 1, 10)) == 3

def test_empty_or_reversed():
    assert business_days(date(2024, 1, 3), date(2024, 1, 3)) == 0
    assert business_days(date(2024, 1, 10), date(2024, 1, 1)) == 0
```''',
        check=dict(
            kind="test_suite",
            entry_point="business_days",
            reference=r"""from datetime import timedelta

def business_days(start, end):
    n, d = 0, start
    while d < end:
        if d.weekday() < 5:
            n += 1
        d += timedelta(days=1)
    return n
""",
            mutants=[
                r"""from datetime import timedelta

def business_days(start, end):
    n, d = 0, start
    while d <= end:
        if d.weekday() < 5:
            n += 1
        d += timedelta(days=1)
    return n
""",
                r"""from datetime import timedelta

def business_days(start, end):
    n, d = 0, start
    while d < end:
        if d.weekday() < 6:
            n += 1
        d += timedelta(days=1)
    return n
""",
                r"""from datetime import timedelta

def business_days(start, end):
    n, d = 0, start
    while d < end:
        if 1 <= d.weekday() <= 5:
            n += 1
        d += timedelta(days=1)
    return n
""",
                r"""def business_days(start, end):
    return (end - start).days * 5 // 7
""",
            ],
        ),
    ),
    dict(
        id="tester-048",
        role="tester",
        user=r'''Subscription renewals use `add_months`. Write tests covering month ends and year boundaries:
```python
from datetime import date

def add_months(d: date, months: int) -> date:
    """Shift d by a whole number of months (may be negative). If the day
    does not exist in the target month, use that month's last day."""
```''',
        answer=r'''```python
from datetime import date

def test_clamps_to_month_end():
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2023, 1, 31), 1) == date(2023, 2, 28)
    assert add_months(date(2024, 3, 31), -1) == date(2024, 2, 29)

def test_crosses_years():
    assert add_months(date(2024, 11, 15), 2) == date(2025, 1, 15)
    assert add_months(date(2024, 1, 10), -1) == date(2023, 12, 10)
    assert add_months(date(2024, 12, 31), 12) == date(2025, 12, 31)

def test_zero():
    assert add_months(date(2024, 5, 5), 0) == date(2024, 5, 5)
```''',
        check=dict(
            kind="test_suite",
            entry_point="add_months",
            reference=r"""import calendar
from datetime import date

def add_months(d, months):
    y, m = divmod(d.year * 12 + d.month - 1 + months, 12)
    m += 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))
""",
            mutants=[
                r"""import calendar
from datetime import date

def add_months(d, months):
    total = d.month + months
    y = d.year + total // 12
    m = total % 12 or 12
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))
""",
                r"""from datetime import date

DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

def add_months(d, months):
    y, m = divmod(d.year * 12 + d.month - 1 + months, 12)
    m += 1
    return date(y, m, min(d.day, DAYS[m - 1]))
""",
                r"""from datetime import date

def add_months(d, months):
    y, m = divmod(d.year * 12 + d.month - 1 + months, 12)
    return date(y, m + 1, d.day)
""",
            ],
        ),
    ),
    dict(
        id="tester-049",
        role="tester",
        user=r'''Write tests for the age check used at sign-up:
```python
from datetime import date

def age_on(birth: date, today: date) -> int:
    """Completed years between birth and today. Someone born on Feb 29
    becomes a year older on Mar 1 in non-leap years."""
```''',
        answer=r'''```python
from datetime import date

def test_birthday_boundary():
    born = date(1990, 6, 15)
    assert age_on(born, date(2020, 6, 14)) == 29
    assert age_on(born, date(2020, 6, 15)) == 30

def test_leap_day_birthday():
    born = date(2000, 2, 29)
    assert age_on(born, date(2001, 2, 28)) == 0
    assert age_on(born, date(2001, 3, 1)) == 1
    assert age_on(born, date(2004, 2, 29)) == 4
```''',
        check=dict(
            kind="test_suite",
            entry_point="age_on",
            reference=r"""def age_on(birth, today):
    years = today.year - birth.year
    if (today.month, today.day) < (birth.month, birth.day):
        years -= 1
    return years
""",
            mutants=[
                r"""def age_on(birth, today):
    return (today - birth).days // 365
""",
                r"""def age_on(birth, today):
    years = today.year - birth.year
    if (today.month, today.day) <= (birth.month, birth.day):
        years -= 1
    return years
""",
                r"""def age_on(birth, today):
    years = today.year - birth.year
    if today.month < birth.month:
        years -= 1
    return years
""",
            ],
        ),
    ),
    dict(
        id="tester-050",
        role="tester",
        user=r'''Write tests for the report label helper:
```python
from datetime import date

def quarter_label(d: date) -> str:
    """Label "YYYY-Qn" for the calendar quarter of d (Jan-Mar is Q1)."""
```''',
        answer=r'''```python
from datetime import date

def test_quarter_starts():
    assert quarter_label(date(2024, 1, 1)) == "2024-Q1"
    assert quarter_label(date(2024, 4, 1)) == "2024-Q2"
    assert quarter_label(date(2024, 7, 1)) == "2024-Q3"

def test_quarter_ends():
    assert quarter_label(date(2024, 3, 31)) == "2024-Q1"
    assert quarter_label(date(2023, 12, 31)) == "2023-Q4"
```''',
        check=dict(
            kind="test_suite",
            entry_point="quarter_label",
            reference=r"""def quarter_label(d):
    return f"{d.year}-Q{(d.month - 1) // 3 + 1}"
""",
            mutants=[
                r"""def quarter_label(d):
    return f"{d.year}-Q{d.month // 3 + 1}"
""",
                r"""def quarter_label(d):
    return f"{d.year}-Q{d.month // 4 + 1}"
""",
                r"""def quarter_label(d):
    return f"{d.year}-Q{(d.month - 1) // 3}"
""",
            ],
        ),
    ),
    dict(
        id="tester-051",
        role="tester",
        user=r'''Weekly reports group by `week_start`. Write tests (2024-01-01 was a Monday):
```python
from datetime import date

def week_start(d: date) -> date:
    """The Monday on or before d."""
```''',
        answer=r'''```python
from datetime import date

def test_monday_is_itself():
    assert week_start(date(2024, 1, 1)) == date(2024, 1, 1)

def test_later_days():
    assert week_start(date(2024, 1, 3)) == date(2024, 1, 1)
    assert week_start(date(2024, 1, 7)) == date(2024, 1, 1)

def test_crosses_year():
    assert week_start(date(2023, 1, 1)) == date(2022, 12, 26)
```''',
        check=dict(
            kind="test_suite",
            entry_point="week_start",
            reference=r"""from datetime import timedelta

def week_start(d):
    return d - timedelta(days=d.weekday())
""",
            mutants=[
                r"""from datetime import timedelta

def week_start(d):
    return d - timedelta(days=d.isoweekday())
""",
                r"""def week_start(d):
    return d.replace(day=d.day - d.weekday())
""",
                r"""from datetime import timedelta

def week_start(d):
    return d - timedelta(days=(d.weekday() + 1) % 7)
""",
            ],
        ),
    ),
    dict(
        id="tester-052",
        role="tester",
        user=r'''Write tests for the token expiry check:
```python
from datetime import datetime, timedelta

def is_expired(expires_at: datetime, now: datetime,
               leeway: timedelta = timedelta(0)) -> bool:
    """Expired once now >= expires_at + leeway."""
```''',
        answer=r'''```python
from datetime import datetime, timedelta

T = datetime(2024, 5, 1, 12, 0)

def test_boundary():
    assert is_expired(T, T)
    assert not is_expired(T, T - timedelta(seconds=1))

def test_leeway():
    grace = timedelta(seconds=30)
    assert not is_expired(T, T + timedelta(seconds=29), grace)
    assert is_expired(T, T + timedelta(seconds=30), grace)
```''',
        check=dict(
            kind="test_suite",
            entry_point="is_expired",
            reference=r"""from datetime import timedelta

def is_expired(expires_at, now, leeway=timedelta(0)):
    return now >= expires_at + leeway
""",
            mutants=[
                r"""from datetime import timedelta

def is_expired(expires_at, now, leeway=timedelta(0)):
    return now > expires_at + leeway
""",
                r"""from datetime import timedelta

def is_expired(expires_at, now, leeway=timedelta(0)):
    return now >= expires_at - leeway
""",
                r"""from datetime import timedelta

def is_expired(expires_at, now, leeway=timedelta(0)):
    return now >= expires_at
""",
            ],
        ),
    ),
    # ------------------------------------------------------------------ retries
    dict(
        id="tester-053",
        role="tester",
        user=r'''Write tests for `retry_schedule`, used to print planned retries in job logs:
```python
def retry_schedule(retries: int, base: float, factor: float = 2.0,
                   max_delay: float | None = None) -> list[float]:
    """Delays before each retry: base, base*factor, base*factor**2, ...
    each capped at max_delay if given. retries=0 gives []."""
```''',
        answer=r'''```python
def test_geometric():
    assert retry_schedule(4, 1.0) == [1, 2, 4, 8]
    assert retry_schedule(3, 0.5, 3) == [0.5, 1.5, 4.5]

def test_cap_applies_to_every_delay():
    assert retry_schedule(5, 1, 2, 5) == [1, 2, 4, 5, 5]

def test_no_retries():
    assert retry_schedule(0, 1) == []
```''',
        check=dict(
            kind="test_suite",
            entry_point="retry_schedule",
            reference=r"""def retry_schedule(retries, base, factor=2.0, max_delay=None):
    out = []
    for i in range(retries):
        d = base * factor ** i
        if max_delay is not None:
            d = min(d, max_delay)
        out.append(d)
    return out
""",
            mutants=[
                r"""def retry_schedule(retries, base, factor=2.0, max_delay=None):
    out = []
    for i in range(retries):
        d = base * factor ** (i + 1)
        if max_delay is not None:
            d = min(d, max_delay)
        out.append(d)
    return out
""",
                r"""def retry_schedule(retries, base, factor=2.0, max_delay=None):
    out = []
    for i in range(retries + 1):
        d = base * factor ** i
        if max_delay is not None:
            d = min(d, max_delay)
        out.append(d)
    return out
""",
                r"""def retry_schedule(retries, base, factor=2.0, max_delay=None):
    out = []
    for i in range(retries):
        d = base * factor ** i
        if max_delay is not None and d > max_delay:
            break
        out.append(d)
    return out
""",
                r"""def retry_schedule(retries, base, factor=2.0, max_delay=None):
    out = []
    for i in range(retries):
        d = base * 2 ** i
        if max_delay is not None:
            d = min(d, max_delay)
        out.append(d)
    return out
""",
            ],
        ),
    ),
    dict(
        id="tester-054",
        role="tester",
        user=r'''Write tests for the retry policy:
```python
def should_retry(status: int, attempt: int, max_attempts: int) -> bool:
    """Retry on 429 or any 5xx except 501, and only while attempt (1-based)
    is below max_attempts."""
```''',
        answer=r'''```python
def test_retryable_statuses():
    for status in (429, 500, 503, 599):
        assert should_retry(status, 1, 3)

def test_non_retryable_statuses():
    for status in (200, 404, 501, 600):
        assert not should_retry(status, 1, 3)

def test_attempt_limit():
    assert should_retry(503, 2, 3)
    assert not should_retry(503, 3, 3)
```''',
        check=dict(
            kind="test_suite",
            entry_point="should_retry",
            reference=r"""def should_retry(status, attempt, max_attempts):
    retryable = status == 429 or (500 <= status <= 599 and status != 501)
    return retryable and attempt < max_attempts
""",
            mutants=[
                r"""def should_retry(status, attempt, max_attempts):
    retryable = status == 429 or (500 <= status <= 599 and status != 501)
    return retryable and attempt <= max_attempts
""",
                r"""def should_retry(status, attempt, max_attempts):
    retryable = status == 429 or (status >= 500 and status != 501)
    return retryable and attempt < max_attempts
""",
                r"""def should_retry(status, attempt, max_attempts):
    retryable = status == 429 or 500 <= status <= 599
    return retryable and attempt < max_attempts
""",
                r"""def should_retry(status, attempt, max_attempts):
    retryable = 400 <= status <= 599 and status != 501
    return retryable and attempt < max_attempts
""",
            ],
        ),
    ),
    dict(
        id="tester-055",
        role="tester",
        user=r'''The coder agent just wrote this Retry-After reader. Write tests for it:
```python
def retry_after_seconds(value: str | None, default: int = 1, limit: int = 300) -> int:
    """Seconds to wait from a Retry-After header holding delay-seconds.
    Missing, non-numeric or negative values give default; values above
    limit are capped at limit."""
```''',
        answer=r'''```python
def test_numeric():
    assert retry_after_seconds("120") == 120
    assert retry_after_seconds(" 5 ") == 5
    assert retry_after_seconds("0") == 0

def test_fallbacks():
    assert retry_after_seconds(None) == 1
    assert retry_after_seconds("soon") == 1
    assert retry_after_seconds("-3", default=2) == 2

def test_capped():
    assert retry_after_seconds("9999") == 300
```''',
        check=dict(
            kind="test_suite",
            entry_point="retry_after_seconds",
            reference=r"""def retry_after_seconds(value, default=1, limit=300):
    if value is None:
        return default
    v = value.strip()
    if not v.isdigit():
        return default
    return min(int(v), limit)
""",
            mutants=[
                r"""def retry_after_seconds(value, default=1, limit=300):
    try:
        return min(int(value), limit)
    except (TypeError, ValueError):
        return default
""",
                r"""def retry_after_seconds(value, default=1, limit=300):
    if value is None:
        return default
    v = value.strip()
    if not v.isdigit():
        return default
    return int(v)
""",
                r"""def retry_after_seconds(value, default=1, limit=300):
    if not value or not value.strip().isdigit() or int(value) == 0:
        return default
    return min(int(value), limit)
""",
                r"""def retry_after_seconds(value, default=1, limit=300):
    v = value.strip()
    if not v.isdigit():
        return default
    return min(int(v), limit)
""",
            ],
        ),
    ),
    # ------------------------------------------------------------------ paths (posixpath)
    dict(
        id="tester-056",
        role="tester",
        user=r'''Write tests for `top_level_dir`, used to group changed files:
```python
def top_level_dir(path: str) -> str:
    """First directory component of a normalized POSIX path:
    "a/b/c.txt" -> "a", "/srv/app/x" -> "srv", "./a/b" -> "a".
    A bare file name has no directory: ""."""
```''',
        answer=r'''```python
def test_relative_and_absolute():
    assert top_level_dir("a/b/c.txt") == "a"
    assert top_level_dir("/srv/app/x") == "srv"

def test_normalizes_first():
    assert top_level_dir("./a/b") == "a"
    assert top_level_dir("a//b") == "a"

def test_bare_file():
    assert top_level_dir("file.txt") == ""
```''',
        check=dict(
            kind="test_suite",
            entry_point="top_level_dir",
            reference=r"""import posixpath

def top_level_dir(path):
    parts = [p for p in posixpath.normpath(path).split("/") if p]
    return parts[0] if len(parts) > 1 else ""
""",
            mutants=[
                r"""def top_level_dir(path):
    parts = path.split("/")
    return parts[0] if len(parts) > 1 else ""
""",
                r"""import posixpath

def top_level_dir(path):
    parts = [p for p in posixpath.normpath(path).split("/") if p]
    return parts[0] if parts else ""
""",
                r"""def top_level_dir(path):
    parts = [p for p in path.split("/") if p]
    return parts[0] if len(parts) > 1 else ""
""",
            ],
        ),
    ),
    dict(
        id="tester-057",
        role="tester",
        user=r'''Write tests for `relative_to`; the archive tool must refuse paths outside the base:
```python
def relative_to(path: str, base: str) -> str:
    """path relative to base; both absolute POSIX paths, normalized first.
    "." when equal. Raise ValueError if path is not inside base."""
```''',
        answer=r'''```python
def test_inside():
    assert relative_to("/srv/app/logs/a.log", "/srv/app") == "logs/a.log"
    assert relative_to("/srv/app/x/../y", "/srv/app") == "y"

def test_same_directory():
    assert relative_to("/srv/app", "/srv/app/") == "."

def test_outside_raises():
    for p in ["/srv/application/x", "/etc"]:
        try:
            relative_to(p, "/srv/app")
        except ValueError:
            continue
        raise AssertionError(p)
```''',
        check=dict(
            kind="test_suite",
            entry_point="relative_to",
            reference=r"""import posixpath

def relative_to(path, base):
    p = posixpath.normpath(path)
    b = posixpath.normpath(base)
    if p == b:
        return "."
    prefix = b if b.endswith("/") else b + "/"
    if not p.startswith(prefix):
        raise ValueError(path)
    return p[len(prefix):]
""",
            mutants=[
                r"""import posixpath

def relative_to(path, base):
    return posixpath.relpath(path, base)
""",
                r"""import posixpath

def relative_to(path, base):
    p = posixpath.normpath(path)
    b = posixpath.normpath(base)
    if p == b:
        return "."
    if not p.startswith(b):
        raise ValueError(path)
    return p[len(b) + 1:]
""",
                r"""def relative_to(path, base):
    if path == base:
        return "."
    prefix = base if base.endswith("/") else base + "/"
    if not path.startswith(prefix):
        raise ValueError(path)
    return path[len(prefix):]
""",
                r"""import posixpath

def relative_to(path, base):
    p = posixpath.normpath(path)
    b = posixpath.normpath(base)
    if p == b:
        return "."
    if not p.startswith(b + "/"):
        raise ValueError(path)
    return p[len(b):]
""",
            ],
        ),
    ),
    dict(
        id="tester-058",
        role="tester",
        user=r'''Write tests for the converter's output-name helper:
```python
def with_suffix(path: str, ext: str) -> str:
    """Replace (or add) the extension of the last path component; ext has no
    dot. "a/b.txt","md" -> "a/b.md"; "a.d/b","md" -> "a.d/b.md";
    dotfiles keep their name: ".env","bak" -> ".env.bak"."""
```''',
        answer=r'''```python
def test_replaces_extension():
    assert with_suffix("a/b.txt", "md") == "a/b.md"
    assert with_suffix("x.tar.gz", "zst") == "x.tar.zst"

def test_adds_extension():
    assert with_suffix("notes", "txt") == "notes.txt"
    assert with_suffix("a.d/b", "md") == "a.d/b.md"

def test_dotfile():
    assert with_suffix(".env", "bak") == ".env.bak"
```''',
        check=dict(
            kind="test_suite",
            entry_point="with_suffix",
            reference=r"""import posixpath

def with_suffix(path, ext):
    return posixpath.splitext(path)[0] + "." + ext
""",
            mutants=[
                r"""def with_suffix(path, ext):
    return path.rsplit(".", 1)[0] + "." + ext
""",
                r"""def with_suffix(path, ext):
    return path.split(".")[0] + "." + ext
""",
                r"""import posixpath

def with_suffix(path, ext):
    if "." in posixpath.basename(path):
        return path.rsplit(".", 1)[0] + "." + ext
    return path + "." + ext
""",
            ],
        ),
    ),
    dict(
        id="tester-059",
        role="tester",
        user=r'''The backup job must skip hidden files. Write tests for:
```python
def is_hidden(path: str) -> bool:
    """True if any component of the POSIX path starts with "." (".git/config",
    "a/.cache/b"). The special components "." and ".." do not count."""
```''',
        answer=r'''```python
def test_hidden_anywhere():
    assert is_hidden(".git/config")
    assert is_hidden("a/.cache/b")
    assert is_hidden("src/.env")

def test_visible():
    assert not is_hidden("src/main.py")
    assert not is_hidden("a/b.c/d")

def test_dot_and_dotdot_do_not_count():
    assert not is_hidden("./src/x")
    assert not is_hidden("../a/b")
```''',
        check=dict(
            kind="test_suite",
            entry_point="is_hidden",
            reference=r"""def is_hidden(path):
    return any(p.startswith(".") and p not in (".", "..") for p in path.split("/"))
""",
            mutants=[
                r"""import posixpath

def is_hidden(path):
    return posixpath.basename(path).startswith(".")
""",
                r"""def is_hidden(path):
    return any(p.startswith(".") for p in path.split("/"))
""",
                r"""def is_hidden(path):
    return any(p.startswith(".") and p != "." for p in path.split("/"))
""",
            ],
        ),
    ),
    # ------------------------------------------------------------------ validation
    dict(
        id="tester-060",
        role="tester",
        user=r'''Write tests for the CRM import's name splitter:
```python
def split_name(full: str) -> tuple[str, str]:
    """(given, family): the last word is the family name, everything before
    it the given name. Extra spaces are ignored. One word -> (word, "");
    "" -> ("", "")."""
```''',
        answer=r'''```python
def test_two_words():
    assert split_name("Ada Lovelace") == ("Ada", "Lovelace")

def test_middle_names_and_spaces():
    assert split_name("  Mary  Ann   Evans ") == ("Mary Ann", "Evans")

def test_one_or_zero_words():
    assert split_name("Plato") == ("Plato", "")
    assert split_name("") == ("", "")
```''',
        check=dict(
            kind="test_suite",
            entry_point="split_name",
            reference=r"""def split_name(full):
    parts = full.split()
    if not parts:
        return ("", "")
    if len(parts) == 1:
        return (parts[0], "")
    return (" ".join(parts[:-1]), parts[-1])
""",
            mutants=[
                r"""def split_name(full):
    parts = full.split(" ")
    if not parts:
        return ("", "")
    if len(parts) == 1:
        return (parts[0], "")
    return (" ".join(parts[:-1]), parts[-1])
""",
                r"""def split_name(full):
    parts = full.split()
    if not parts:
        return ("", "")
    return (parts[0], " ".join(parts[1:]))
""",
                r"""def split_name(full):
    parts = full.split()
    if not parts:
        return ("", "")
    return (" ".join(parts[:-1]), parts[-1])
""",
                r"""def split_name(full):
    parts = full.split()
    if len(parts) == 1:
        return (parts[0], "")
    return (" ".join(parts[:-1]), parts[-1])
""",
            ],
        ),
    ),
    dict(
        id="tester-061",
        role="tester",
        user=r'''The SSRF guard calls this. Write tests, with care at the range edges:
```python
def is_private_ipv4(addr: str) -> bool:
    """True for dotted-quad addresses in 10.0.0.0/8, 172.16.0.0/12 or
    192.168.0.0/16. Malformed input (not 4 parts, non-digits, a part
    above 255) is False."""
```''',
        answer=r'''```python
def test_private():
    for a in ["10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1"]:
        assert is_private_ipv4(a), a

def test_public():
    for a in ["172.32.0.1", "172.15.9.9", "192.169.0.1", "8.8.8.8"]:
        assert not is_private_ipv4(a), a

def test_malformed():
    for a in ["10.0.0", "10.0.0.256", "10.a.0.1", ""]:
        assert not is_private_ipv4(a), a
```''',
        check=dict(
            kind="test_suite",
            entry_point="is_private_ipv4",
            reference=r"""def is_private_ipv4(addr):
    parts = addr.split(".")
    if len(parts) != 4 or not all(p.isdigit() for p in parts):
        return False
    a, b, c, d = (int(p) for p in parts)
    if max(a, b, c, d) > 255:
        return False
    return a == 10 or (a == 172 and 16 <= b <= 31) or (a == 192 and b == 168)
""",
            mutants=[
                r"""def is_private_ipv4(addr):
    parts = addr.split(".")
    if len(parts) != 4 or not all(p.isdigit() for p in parts):
        return False
    a, b, c, d = (int(p) for p in parts)
    if max(a, b, c, d) > 255:
        return False
    return a == 10 or (a == 172 and 16 <= b <= 32) or (a == 192 and b == 168)
""",
                r"""def is_private_ipv4(addr):
    parts = addr.split(".")
    if len(parts) != 4 or not all(p.isdigit() for p in parts):
        return False
    a, b, c, d = (int(p) for p in parts)
    if max(a, b, c, d) > 255:
        return False
    return a == 10 or (a == 172 and 16 < b <= 31) or (a == 192 and b == 168)
""",
                r"""def is_private_ipv4(addr):
    parts = addr.split(".")
    if len(parts) != 4 or not all(p.isdigit() for p in parts):
        return False
    a, b = int(parts[0]), int(parts[1])
    return a == 10 or (a == 172 and 16 <= b <= 31) or (a == 192 and b == 168)
""",
                r"""def is_private_ipv4(addr):
    parts = addr.split(".")
    try:
        a, b = int(parts[0]), int(parts[1])
    except (ValueError, IndexError):
        return False
    return a == 10 or (a == 172 and 16 <= b <= 31) or (a == 192 and b == 168)
""",
            ],
        ),
    ),
    dict(
        id="tester-062",
        role="tester",
        user=r'''Write tests for the sign-up username rule:
```python
def username_ok(name: str) -> bool:
    """3-16 characters from a-z, 0-9 and "_"; must start with a letter,
    must not end with "_" and must not contain "__"."""
```''',
        answer=r'''```python
def test_valid():
    for name in ["abc", "dev_ops2", "a1_b", "a" * 16]:
        assert username_ok(name), name

def test_invalid():
    bad = ["ab", "a" * 17, "1abc", "_abc", "abc_", "a__b", "Abc", "ab-c"]
    for name in bad:
        assert not username_ok(name), name
```''',
        check=dict(
            kind="test_suite",
            entry_point="username_ok",
            reference=r"""import re

def username_ok(name):
    if not re.fullmatch(r"[a-z][a-z0-9_]{2,15}", name):
        return False
    return not name.endswith("_") and "__" not in name
""",
            mutants=[
                r"""import re

def username_ok(name):
    if not re.match(r"[a-z][a-z0-9_]{2,15}", name):
        return False
    return not name.endswith("_") and "__" not in name
""",
                r"""import re

def username_ok(name):
    if not re.fullmatch(r"[a-z][a-z0-9_]{2,15}", name, re.IGNORECASE):
        return False
    return not name.endswith("_") and "__" not in name
""",
                r"""import re

def username_ok(name):
    if not re.fullmatch(r"[a-z][a-z0-9_]{2,15}", name):
        return False
    return not name.endswith("_")
""",
                r"""import re

def username_ok(name):
    if not re.fullmatch(r"[a-z0-9][a-z0-9_]{2,15}", name):
        return False
    return not name.endswith("_") and "__" not in name
""",
            ],
        ),
    ),
    dict(
        id="tester-063",
        role="tester",
        user=r'''Our scheduler has its own cron matcher. Write tests for one field:
```python
def cron_match(field: str, value: int) -> bool:
    """Does a cron field match value? Supports "*", a number "5", a range
    "1-5" (inclusive), a step "*/15" (value % 15 == 0) and comma lists of
    these ("1,10-12")."""
```''',
        answer=r'''```python
def test_star_and_number():
    assert cron_match("*", 0)
    assert cron_match("5", 5)
    assert not cron_match("5", 6)

def test_range_inclusive():
    assert cron_match("1-5", 1) and cron_match("1-5", 5)
    assert not cron_match("1-5", 6)

def test_step():
    assert cron_match("*/15", 0) and cron_match("*/15", 30)
    assert not cron_match("*/15", 20)

def test_list():
    assert cron_match("1,10-12", 11)
    assert not cron_match("1,10-12", 2)
```''',
        check=dict(
            kind="test_suite",
            entry_point="cron_match",
            reference=r"""def cron_match(field, value):
    for part in field.split(","):
        if part == "*":
            return True
        if part.startswith("*/"):
            if value % int(part[2:]) == 0:
                return True
        elif "-" in part:
            lo, hi = map(int, part.split("-"))
            if lo <= value <= hi:
                return True
        elif int(part) == value:
            return True
    return False
""",
            mutants=[
                r"""def cron_match(field, value):
    for part in field.split(","):
        if part == "*":
            return True
        if part.startswith("*/"):
            if value % int(part[2:]) == 0:
                return True
        elif "-" in part:
            lo, hi = map(int, part.split("-"))
            if lo <= value < hi:
                return True
        elif int(part) == value:
            return True
    return False
""",
                r"""def cron_match(field, value):
    part = field.split(",")[0]
    if part == "*":
        return True
    if part.startswith("*/"):
        return value % int(part[2:]) == 0
    if "-" in part:
        lo, hi = map(int, part.split("-"))
        return lo <= value <= hi
    return int(part) == value
""",
                r"""def cron_match(field, value):
    for part in field.split(","):
        if "*" in part:
            return True
        if "-" in part:
            lo, hi = map(int, part.split("-"))
            if lo <= value <= hi:
                return True
        elif int(part) == value:
            return True
    return False
""",
                r"""def cron_match(field, value):
    for part in field.split(","):
        if part == "*":
            return True
        if part.startswith("*/"):
            if value and value % int(part[2:]) == 0:
                return True
        elif "-" in part:
            lo, hi = map(int, part.split("-"))
            if lo <= value <= hi:
                return True
        elif int(part) == value:
            return True
    return False
""",
            ],
        ),
    ),
    # ------------------------------------------------------------------ collections
    dict(
        id="tester-064",
        role="tester",
        user=r'''Write tests for the latency histogram helper:
```python
def bucketize(values: list[float], width: float) -> dict[float, int]:
    """Count values per bucket [k*width, (k+1)*width); keys are bucket starts.
    Only non-empty buckets appear; negative values land in negative buckets."""
```''',
        answer=r'''```python
def test_buckets_are_half_open():
    assert bucketize([1, 4, 5, 9, 10], 5) == {0: 2, 5: 2, 10: 1}

def test_negative_values():
    assert bucketize([-1, -5, 0], 5) == {-5: 2, 0: 1}

def test_empty():
    assert bucketize([], 5) == {}
```''',
        check=dict(
            kind="test_suite",
            entry_point="bucketize",
            reference=r"""import math

def bucketize(values, width):
    out = {}
    for v in values:
        k = math.floor(v / width) * width
        out[k] = out.get(k, 0) + 1
    return out
""",
            mutants=[
                r"""def bucketize(values, width):
    out = {}
    for v in values:
        k = int(v / width) * width
        out[k] = out.get(k, 0) + 1
    return out
""",
                r"""def bucketize(values, width):
    out = {}
    for v in values:
        k = round(v / width) * width
        out[k] = out.get(k, 0) + 1
    return out
""",
                r"""import math

def bucketize(values, width):
    out = {}
    for v in values:
        k = (math.ceil(v / width) - 1) * width
        out[k] = out.get(k, 0) + 1
    return out
""",
            ],
        ),
    ),
    dict(
        id="tester-065",
        role="tester",
        user=r'''Write tests for `running_max`:
```python
def running_max(values: list[float]) -> list[float]:
    """Element i is the max of values[0..i]. [] -> []."""
```''',
        answer=r'''```python
def test_running_max():
    assert running_max([3, 1, 4, 1, 5, 2]) == [3, 3, 4, 4, 5, 5]
    assert running_max([5, 1, 2]) == [5, 5, 5]

def test_negative_values():
    assert running_max([-2, -5, -1]) == [-2, -2, -1]

def test_empty():
    assert running_max([]) == []
```''',
        check=dict(
            kind="test_suite",
            entry_point="running_max",
            reference=r"""def running_max(values):
    out, cur = [], None
    for v in values:
        cur = v if cur is None else max(cur, v)
        out.append(cur)
    return out
""",
            mutants=[
                r"""def running_max(values):
    out, cur = [], 0
    for v in values:
        cur = max(cur, v)
        out.append(cur)
    return out
""",
                r"""def running_max(values):
    out, cur = [], values[0]
    for v in values:
        cur = max(cur, v)
        out.append(cur)
    return out
""",
                r"""def running_max(values):
    return [max(values[i - 1], v) if i else v for i, v in enumerate(values)]
""",
            ],
        ),
    ),
    dict(
        id="tester-066",
        role="tester",
        user=r'''Write tests for `interleave`, which merges two feeds:
```python
def interleave(a: list, b: list) -> list:
    """a[0], b[0], a[1], b[1], ...; leftovers of the longer list go at the end."""
```''',
        answer=r'''```python
def test_alternates():
    assert interleave([1, 2, 3], ["x", "y"]) == [1, "x", 2, "y", 3]

def test_longer_second_list():
    assert interleave([1], [7, 8, 9]) == [1, 7, 8, 9]
    assert interleave([], [1]) == [1]

def test_empty():
    assert interleave([], []) == []
```''',
        check=dict(
            kind="test_suite",
            entry_point="interleave",
            reference=r"""def interleave(a, b):
    out = []
    for i in range(max(len(a), len(b))):
        if i < len(a):
            out.append(a[i])
        if i < len(b):
            out.append(b[i])
    return out
""",
            mutants=[
                r"""def interleave(a, b):
    return [x for pair in zip(a, b) for x in pair]
""",
                r"""def interleave(a, b):
    out = [x for pair in zip(a, b) for x in pair]
    return out + a[len(b):]
""",
                r"""def interleave(a, b):
    out = []
    for i in range(max(len(a), len(b))):
        if i < len(b):
            out.append(b[i])
        if i < len(a):
            out.append(a[i])
    return out
""",
            ],
        ),
    ),
    dict(
        id="tester-067",
        role="tester",
        user=r'''Write tests for the carousel's `rotate_right`:
```python
def rotate_right(items: list, k: int) -> list:
    """New list rotated right by k places. k may exceed len(items) or be
    negative (rotates left). [] stays []."""
```''',
        answer=r'''```python
NUMS = [1, 2, 3, 4, 5]

def test_rotate():
    assert rotate_right(NUMS, 2) == [4, 5, 1, 2, 3]
    assert rotate_right(NUMS, 0) == NUMS

def test_large_and_negative_k():
    assert rotate_right(NUMS, 7) == [4, 5, 1, 2, 3]
    assert rotate_right(NUMS, -1) == [2, 3, 4, 5, 1]

def test_empty():
    assert rotate_right([], 3) == []
```''',
        check=dict(
            kind="test_suite",
            entry_point="rotate_right",
            reference=r"""def rotate_right(items, k):
    if not items:
        return []
    k %= len(items)
    return items[-k:] + items[:-k] if k else list(items)
""",
            mutants=[
                r"""def rotate_right(items, k):
    if not items:
        return []
    return items[-k:] + items[:-k] if k else list(items)
""",
                r"""def rotate_right(items, k):
    k %= len(items)
    return items[-k:] + items[:-k] if k else list(items)
""",
                r"""def rotate_right(items, k):
    if not items:
        return []
    k %= len(items)
    return items[k:] + items[:k]
""",
            ],
        ),
    ),
    dict(
        id="tester-068",
        role="tester",
        user=r'''Write tests for `pick`, which builds API responses from model dicts:
```python
def pick(d: dict, keys: list) -> dict:
    """New dict with the given keys that exist in d, ordered as in `keys`.
    d is not modified."""
```''',
        answer=r'''```python
def test_picks_in_key_order():
    out = pick({"a": 1, "b": 2, "c": 3}, ["c", "a"])
    assert out == {"c": 3, "a": 1}
    assert list(out) == ["c", "a"]

def test_missing_keys_skipped():
    assert pick({"a": 1}, ["z"]) == {}
    assert pick({}, []) == {}

def test_does_not_mutate():
    src = {"a": 1, "b": 2}
    pick(src, ["a"])
    assert src == {"a": 1, "b": 2}
```''',
        check=dict(
            kind="test_suite",
            entry_point="pick",
            reference=r"""def pick(d, keys):
    return {k: d[k] for k in keys if k in d}
""",
            mutants=[
                r"""def pick(d, keys):
    return {k: d[k] for k in d if k in keys}
""",
                r"""def pick(d, keys):
    return {k: d.get(k) for k in keys}
""",
                r"""def pick(d, keys):
    for k in list(d):
        if k not in keys:
            del d[k]
    return d
""",
            ],
        ),
    ),
    dict(
        id="tester-069",
        role="tester",
        user=r'''Write tests for `partition`:
```python
def partition(items, predicate) -> tuple[list, list]:
    """(matching, non_matching) by the truthiness of predicate(x); both keep
    the original order and any duplicates."""
```''',
        answer=r'''```python
def test_splits_in_order():
    assert partition([1, 2, 3, 4, 5], lambda x: x % 2) == ([1, 3, 5], [2, 4])

def test_truthiness_and_duplicates():
    assert partition([0, "", None, "a"], bool) == (["a"], [0, "", None])
    assert partition([2, 1, 2], lambda x: x > 1) == ([2, 2], [1])

def test_empty():
    assert partition([], bool) == ([], [])
```''',
        check=dict(
            kind="test_suite",
            entry_point="partition",
            reference=r"""def partition(items, predicate):
    yes, no = [], []
    for x in items:
        (yes if predicate(x) else no).append(x)
    return yes, no
""",
            mutants=[
                r"""def partition(items, predicate):
    yes, no = [], []
    for x in items:
        (yes if predicate(x) else no).append(x)
    return no, yes
""",
                r"""def partition(items, predicate):
    yes, no = [], []
    for x in items:
        (yes if predicate(x) is True else no).append(x)
    return yes, no
""",
                r"""def partition(items, predicate):
    yes, no = [], []
    for x in items:
        (yes if predicate(x) else no).append(x)
    return list(dict.fromkeys(yes)), no
""",
            ],
        ),
    ),
    # ------------------------------------------------------------------ classes and state
    dict(
        id="tester-070",
        role="tester",
        user=r'''The metrics agent keeps recent samples in a `RingBuffer`. Write tests for it:
```python
class RingBuffer:
    """Fixed capacity. push(x) appends, dropping the oldest item when full.
    items() returns the contents oldest first; len() is the current size.
    RingBuffer(0) raises ValueError."""
    def __init__(self, capacity: int): ...
    def push(self, x) -> None: ...
    def items(self) -> list: ...
    def __len__(self) -> int: ...
```''',
        answer=r'''```python
def test_overwrites_oldest():
    b = RingBuffer(3)
    for x in [1, 2, 3, 4, 5]:
        b.push(x)
    assert b.items() == [3, 4, 5]
    assert len(b) == 3

def test_partial_fill():
    b = RingBuffer(3)
    assert b.items() == [] and len(b) == 0
    b.push("a")
    assert b.items() == ["a"] and len(b) == 1

def test_zero_capacity():
    try:
        RingBuffer(0)
    except ValueError:
        pass
    else:
        raise AssertionError("expected ValueError")
```''',
        check=dict(
            kind="test_suite",
            entry_point="RingBuffer",
            reference=r"""class RingBuffer:
    def __init__(self, capacity):
        if capacity < 1:
            raise ValueError(capacity)
        self.capacity = capacity
        self._data = []

    def push(self, x):
        self._data.append(x)
        if len(self._data) > self.capacity:
            self._data.pop(0)

    def items(self):
        return list(self._data)

    def __len__(self):
        return len(self._data)
""",
            mutants=[
                r"""class RingBuffer:
    def __init__(self, capacity):
        if capacity < 1:
            raise ValueError(capacity)
        self.capacity = capacity
        self._data = []

    def push(self, x):
        if len(self._data) < self.capacity:
            self._data.append(x)

    def items(self):
        return list(self._data)

    def __len__(self):
        return len(self._data)
""",
                r"""class RingBuffer:
    def __init__(self, capacity):
        if capacity < 1:
            raise ValueError(capacity)
        self.capacity = capacity
        self._data = []

    def push(self, x):
        self._data.append(x)
        if len(self._data) >= self.capacity:
            self._data.pop(0)

    def items(self):
        return list(self._data)

    def __len__(self):
        return len(self._data)
""",
                r"""class RingBuffer:
    def __init__(self, capacity):
        self.capacity = capacity
        self._data = []

    def push(self, x):
        self._data.append(x)
        if len(self._data) > self.capacity:
            self._data.pop(0)

    def items(self):
        return list(self._data)

    def __len__(self):
        return len(self._data)
""",
                r"""class RingBuffer:
    def __init__(self, capacity):
        if capacity < 1:
            raise ValueError(capacity)
        self.capacity = capacity
        self._data = []

    def push(self, x):
        self._data.append(x)
        if len(self._data) > self.capacity:
            self._data.pop(0)

    def items(self):
        return self._data[::-1]

    def __len__(self):
        return len(self._data)
""",
            ],
        ),
    ),
    dict(
        id="tester-071",
        role="tester",
        user=r'''Write tests for the circuit breaker in the payments client:
```python
class CircuitBreaker:
    """Opens after `threshold` consecutive failures. While open, allow(now)
    is False until `cooldown` seconds after opening; then True (half-open).
    A success closes it and resets the count; a failure while half-open
    reopens it at that time."""
    def __init__(self, threshold: int, cooldown: float): ...
    def allow(self, now: float) -> bool: ...
    def record_success(self) -> None: ...
    def record_failure(self, now: float) -> None: ...
```''',
        answer=r'''```python
def test_opens_at_threshold():
    cb = CircuitBreaker(3, 10.0)
    cb.record_failure(0)
    cb.record_failure(1)
    assert cb.allow(1)
    cb.record_failure(2)
    assert not cb.allow(5)

def test_half_open_and_reopen():
    cb = CircuitBreaker(1, 10.0)
    cb.record_failure(0)
    assert not cb.allow(9.9) and cb.allow(10.0)
    cb.record_failure(10.0)
    assert not cb.allow(15) and cb.allow(20)

def test_success_resets():
    cb = CircuitBreaker(2, 10.0)
    cb.record_failure(0)
    cb.record_success()
    cb.record_failure(1)
    assert cb.allow(1)
```''',
        check=dict(
            kind="test_suite",
            entry_point="CircuitBreaker",
            reference=r"""class CircuitBreaker:
    def __init__(self, threshold, cooldown):
        self.threshold = threshold
        self.cooldown = cooldown
        self.failures = 0
        self.opened_at = None

    def allow(self, now):
        return self.opened_at is None or now - self.opened_at >= self.cooldown

    def record_success(self):
        self.failures = 0
        self.opened_at = None

    def record_failure(self, now):
        self.failures += 1
        if self.opened_at is not None or self.failures >= self.threshold:
            self.opened_at = now
""",
            mutants=[
                r"""class CircuitBreaker:
    def __init__(self, threshold, cooldown):
        self.threshold = threshold
        self.cooldown = cooldown
        self.failures = 0
        self.opened_at = None

    def allow(self, now):
        return self.opened_at is None or now - self.opened_at >= self.cooldown

    def record_success(self):
        self.failures = 0
        self.opened_at = None

    def record_failure(self, now):
        self.failures += 1
        if self.opened_at is not None or self.failures > self.threshold:
            self.opened_at = now
""",
                r"""class CircuitBreaker:
    def __init__(self, threshold, cooldown):
        self.threshold = threshold
        self.cooldown = cooldown
        self.failures = 0
        self.opened_at = None

    def allow(self, now):
        return self.opened_at is None or now - self.opened_at > self.cooldown

    def record_success(self):
        self.failures = 0
        self.opened_at = None

    def record_failure(self, now):
        self.failures += 1
        if self.opened_at is not None or self.failures >= self.threshold:
            self.opened_at = now
""",
                r"""class CircuitBreaker:
    def __init__(self, threshold, cooldown):
        self.threshold = threshold
        self.cooldown = cooldown
        self.failures = 0
        self.opened_at = None

    def allow(self, now):
        return self.opened_at is None or now - self.opened_at >= self.cooldown

    def record_success(self):
        self.opened_at = None

    def record_failure(self, now):
        self.failures += 1
        if self.opened_at is not None or self.failures >= self.threshold:
            self.opened_at = now
""",
                r"""class CircuitBreaker:
    def __init__(self, threshold, cooldown):
        self.threshold = threshold
        self.cooldown = cooldown
        self.failures = 0
        self.opened_at = None

    def allow(self, now):
        return self.opened_at is None or now - self.opened_at >= self.cooldown

    def record_success(self):
        self.failures = 0
        self.opened_at = None

    def record_failure(self, now):
        self.failures += 1
        if self.opened_at is None and self.failures >= self.threshold:
            self.opened_at = now
""",
            ],
        ),
    ),
    # ------------------------------------------------------------------ formatting and numbers, harder
    dict(
        id="tester-072",
        role="tester",
        user=r'''Write tests for the CLI's duration display:
```python
def humanize_seconds(total: int) -> str:
    """Compact duration in hours, minutes and seconds: 3723 -> "1h 2m 3s",
    60 -> "1m", 90000 -> "25h" (no days unit). Zero units are omitted;
    0 -> "0s"."""
```''',
        answer=r'''```python
def test_all_units():
    assert humanize_seconds(3723) == "1h 2m 3s"

def test_zero_units_omitted():
    assert humanize_seconds(60) == "1m"
    assert humanize_seconds(3601) == "1h 1s"
    assert humanize_seconds(59) == "59s"

def test_zero_and_large():
    assert humanize_seconds(0) == "0s"
    assert humanize_seconds(90000) == "25h"
```''',
        check=dict(
            kind="test_suite",
            entry_point="humanize_seconds",
            reference=r"""def humanize_seconds(total):
    h, rem = divmod(total, 3600)
    m, s = divmod(rem, 60)
    parts = [f"{v}{u}" for v, u in ((h, "h"), (m, "m"), (s, "s")) if v]
    return " ".join(parts) or "0s"
""",
            mutants=[
                r"""def humanize_seconds(total):
    h, rem = divmod(total, 3600)
    m, s = divmod(rem, 60)
    return f"{h}h {m}m {s}s"
""",
                r"""def humanize_seconds(total):
    h, rem = divmod(total, 3600)
    m, s = divmod(rem, 60)
    parts = [f"{v}{u}" for v, u in ((h, "h"), (m, "m"), (s, "s")) if v]
    return " ".join(parts)
""",
                r"""def humanize_seconds(total):
    h = total // 3600
    m = total // 60
    s = total % 60
    parts = [f"{v}{u}" for v, u in ((h, "h"), (m, "m"), (s, "s")) if v]
    return " ".join(parts) or "0s"
""",
                r"""def humanize_seconds(total):
    d, rem = divmod(total, 86400)
    h, rem = divmod(rem, 3600)
    m, s = divmod(rem, 60)
    parts = [f"{v}{u}" for v, u in ((d, "d"), (h, "h"), (m, "m"), (s, "s")) if v]
    return " ".join(parts) or "0s"
""",
            ],
        ),
    ),
    dict(
        id="tester-073",
        role="tester",
        user=r'''Quota allocation must always add up. Write tests for:
```python
def allocate(total: int, weights: list[int]) -> list[int]:
    """Split integer total in proportion to positive weights: floor shares
    first, then each leftover unit goes to the largest fractional remainder
    (ties: lower index). The result sums to total."""
```''',
        answer=r'''```python
def test_leftover_to_largest_remainder():
    assert allocate(1, [3, 3, 4]) == [0, 0, 1]
    assert allocate(10, [1, 2, 2]) == [2, 4, 4]

def test_ties_go_to_lower_index():
    assert allocate(100, [1, 1, 1]) == [34, 33, 33]
    assert allocate(7, [1, 1]) == [4, 3]

def test_sums_to_total():
    for total, w in [(99, [5, 3, 2]), (13, [1, 1, 1, 1])]:
        assert sum(allocate(total, w)) == total
```''',
        check=dict(
            kind="test_suite",
            entry_point="allocate",
            reference=r"""def allocate(total, weights):
    w_sum = sum(weights)
    base = [total * w // w_sum for w in weights]
    rems = [total * w % w_sum for w in weights]
    left = total - sum(base)
    order = sorted(range(len(weights)), key=lambda i: (-rems[i], i))
    for i in order[:left]:
        base[i] += 1
    return base
""",
            mutants=[
                r"""def allocate(total, weights):
    w_sum = sum(weights)
    base = [total * w // w_sum for w in weights]
    left = total - sum(base)
    for i in range(left):
        base[i] += 1
    return base
""",
                r"""def allocate(total, weights):
    w_sum = sum(weights)
    return [round(total * w / w_sum) for w in weights]
""",
                r"""def allocate(total, weights):
    w_sum = sum(weights)
    base = [total * w // w_sum for w in weights]
    rems = [total * w % w_sum for w in weights]
    left = total - sum(base)
    order = sorted(range(len(weights)), key=lambda i: (-rems[i], -i))
    for i in order[:left]:
        base[i] += 1
    return base
""",
                r"""def allocate(total, weights):
    w_sum = sum(weights)
    base = [total * w // w_sum for w in weights]
    rems = [total * w % w_sum for w in weights]
    left = total - sum(base)
    order = sorted(range(len(weights)), key=lambda i: (rems[i], i))
    for i in order[:left]:
        base[i] += 1
    return base
""",
            ],
        ),
    ),
    dict(
        id="tester-074",
        role="tester",
        user=r'''The SLO dashboard computes p50/p95 with this. Write tests:
```python
def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile, 0 < p <= 100: sort the values and return the
    one at 1-based rank ceil(p / 100 * n), at least 1. ValueError if empty."""
```''',
        answer=r'''```python
V = [15, 20, 35, 40, 50]

def test_nearest_rank():
    assert percentile(V, 30) == 20
    assert percentile(V, 40) == 20
    assert percentile(V, 50) == 35
    assert percentile(V, 5) == 15
    assert percentile(V, 100) == 50

def test_unsorted_input():
    assert percentile([50, 15, 40, 20, 35], 50) == 35

def test_empty():
    try:
        percentile([], 50)
    except ValueError:
        pass
    else:
        raise AssertionError("expected ValueError")
```''',
        check=dict(
            kind="test_suite",
            entry_point="percentile",
            reference=r"""import math

def percentile(values, p):
    if not values:
        raise ValueError("no values")
    s = sorted(values)
    rank = max(1, math.ceil(p * len(s) / 100))
    return s[rank - 1]
""",
            mutants=[
                r"""def percentile(values, p):
    if not values:
        raise ValueError("no values")
    s = sorted(values)
    rank = max(1, round(p * len(s) / 100))
    return s[rank - 1]
""",
                r"""import math

def percentile(values, p):
    if not values:
        raise ValueError("no values")
    s = sorted(values)
    rank = max(1, math.ceil(p * len(s) / 100))
    return s[rank]
""",
                r"""def percentile(values, p):
    if not values:
        raise ValueError("no values")
    s = sorted(values)
    rank = max(1, int(p * len(s) / 100))
    return s[rank - 1]
""",
                r"""import math

def percentile(values, p):
    if not values:
        raise ValueError("no values")
    rank = max(1, math.ceil(p * len(values) / 100))
    return values[rank - 1]
""",
            ],
        ),
    ),
    dict(
        id="tester-075",
        role="tester",
        user=r'''The newsletter importer dedupes addresses. Write tests for:
```python
def unique_emails(emails: list[str]) -> list[str]:
    """Drop duplicate addresses, comparing after stripping spaces and
    lower-casing. Keep first-seen order; return the normalized forms."""
```''',
        answer=r'''```python
def test_normalizes_and_dedupes():
    got = unique_emails([" Ann@X.io", "ann@x.io ", "bob@x.io"])
    assert got == ["ann@x.io", "bob@x.io"]

def test_keeps_first_seen_order():
    assert unique_emails(["b@x.io", "a@x.io", "B@X.IO"]) == ["b@x.io", "a@x.io"]

def test_empty():
    assert unique_emails([]) == []
```''',
        check=dict(
            kind="test_suite",
            entry_point="unique_emails",
            reference=r"""def unique_emails(emails):
    out = []
    for e in emails:
        n = e.strip().lower()
        if n not in out:
            out.append(n)
    return out
""",
            mutants=[
                r"""def unique_emails(emails):
    return sorted({e.strip().lower() for e in emails})
""",
                r"""def unique_emails(emails):
    out = []
    for e in emails:
        n = e.lower()
        if n not in out:
            out.append(n)
    return out
""",
                r"""def unique_emails(emails):
    seen, out = set(), []
    for e in emails:
        if e.strip() not in seen:
            seen.add(e.strip())
            out.append(e.strip().lower())
    return out
""",
            ],
        ),
    ),
    dict(
        id="tester-076",
        role="tester",
        user=r'''Write tests for the activity feed's relative timestamps:
```python
def time_ago(seconds: int) -> str:
    """Under 60: "just now"; under 3600: "N minute(s) ago"; under 86400:
    "N hour(s) ago"; else "N day(s) ago". N rounds down; singular if N == 1."""
```''',
        answer=r'''```python
def test_just_now():
    assert time_ago(0) == "just now"
    assert time_ago(59) == "just now"

def test_minutes():
    assert time_ago(60) == "1 minute ago"
    assert time_ago(150) == "2 minutes ago"
    assert time_ago(3599) == "59 minutes ago"

def test_hours_and_days():
    assert time_ago(3600) == "1 hour ago"
    assert time_ago(86399) == "23 hours ago"
    assert time_ago(86400) == "1 day ago"
    assert time_ago(3 * 86400) == "3 days ago"
```''',
        check=dict(
            kind="test_suite",
            entry_point="time_ago",
            reference=r"""def time_ago(seconds):
    if seconds < 60:
        return "just now"
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size:
            n = seconds // size
            return f"{n} {unit}{'' if n == 1 else 's'} ago"
""",
            mutants=[
                r"""def time_ago(seconds):
    if seconds < 60:
        return "just now"
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size:
            n = round(seconds / size)
            return f"{n} {unit}{'' if n == 1 else 's'} ago"
""",
                r"""def time_ago(seconds):
    if seconds < 60:
        return "just now"
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size:
            return f"{seconds // size} {unit}s ago"
""",
                r"""def time_ago(seconds):
    if seconds <= 60:
        return "just now"
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size:
            n = seconds // size
            return f"{n} {unit}{'' if n == 1 else 's'} ago"
""",
                r"""def time_ago(seconds):
    if seconds < 60:
        return "just now"
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds > size:
            n = seconds // size
            return f"{n} {unit}{'' if n == 1 else 's'} ago"
""",
            ],
        ),
    ),
    dict(
        id="tester-077",
        role="tester",
        user=r'''We are moving the audit log API to keyset pagination. Write tests for:
```python
def cursor_page(ids: list[int], after: int | None, limit: int):
    """ids are sorted and unique. Return (page, next_cursor): up to `limit`
    ids greater than `after` (from the start if after is None), and the last
    returned id as cursor, or None when no ids remain after this page."""
```''',
        answer=r'''```python
IDS = [2, 4, 6, 8, 10]

def test_first_and_next_page():
    assert cursor_page(IDS, None, 2) == ([2, 4], 4)
    assert cursor_page(IDS, 4, 2) == ([6, 8], 8)

def test_last_page_has_no_cursor():
    assert cursor_page(IDS, 6, 2) == ([8, 10], None)
    assert cursor_page(IDS, 8, 5) == ([10], None)
    assert cursor_page(IDS, 10, 3) == ([], None)

def test_cursor_values():
    assert cursor_page(IDS, 5, 1) == ([6], 6)
    assert cursor_page([0, 1, 2], 0, 5) == ([1, 2], None)
```''',
        check=dict(
            kind="test_suite",
            entry_point="cursor_page",
            reference=r"""def cursor_page(ids, after, limit):
    rest = [i for i in ids if after is None or i > after]
    page = rest[:limit]
    return page, (page[-1] if len(rest) > limit else None)
""",
            mutants=[
                r"""def cursor_page(ids, after, limit):
    rest = [i for i in ids if after is None or i >= after]
    page = rest[:limit]
    return page, (page[-1] if len(rest) > limit else None)
""",
                r"""def cursor_page(ids, after, limit):
    rest = [i for i in ids if after is None or i > after]
    page = rest[:limit]
    return page, (page[-1] if len(page) == limit else None)
""",
                r"""def cursor_page(ids, after, limit):
    rest = [i for i in ids if not after or i > after]
    page = rest[:limit]
    return page, (page[-1] if len(rest) > limit else None)
""",
                r"""def cursor_page(ids, after, limit):
    start = 0 if after is None else ids.index(after) + 1
    page = ids[start:start + limit]
    return page, (page[-1] if len(ids) > start + limit else None)
""",
            ],
        ),
    ),
]
