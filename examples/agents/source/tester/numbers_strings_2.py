"""Tester-role examples: easy: numbers, strings (2 of 4). Contract: source/README.md."""

EXAMPLES = [
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
]
