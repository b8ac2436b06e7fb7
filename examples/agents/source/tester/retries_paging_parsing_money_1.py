"""Tester-role examples: medium: retries, paging, parsing, money (1 of 2). Contract: source/README.md."""

EXAMPLES = [
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
]
