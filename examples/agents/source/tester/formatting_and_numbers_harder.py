"""Tester-role examples: formatting and numbers, harder. Contract: source/README.md."""

EXAMPLES = [
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
