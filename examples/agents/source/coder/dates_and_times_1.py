"""Coder-role examples: dates and times (1 of 2). Contract: source/README.md."""

EXAMPLES = [
    dict(
        id="coder-088",
        role="coder",
        user=r"""Write `next_business_day(d: date) -> date` that returns the first weekday (Monday to Friday) strictly after `d`. Holidays are out of scope.""",
        answer=r'''```python
from datetime import timedelta

def next_business_day(d):
    d += timedelta(days=1)
    while d.weekday() >= 5:
        d += timedelta(days=1)
    return d
```''',
        check=dict(
            kind="python_tests",
            entry_point="next_business_day",
            tests=r"""from datetime import date
assert next_business_day(date(2024, 3, 15)) == date(2024, 3, 18)
assert next_business_day(date(2024, 3, 16)) == date(2024, 3, 18)
assert next_business_day(date(2024, 3, 13)) == date(2024, 3, 14)
assert next_business_day(date(2024, 12, 31)) == date(2025, 1, 1)""",
        ),
    ),
    dict(
        id="coder-089",
        role="coder",
        user=r"""Invoices are due N business days after issue. Write `add_business_days(d: date, n: int, holidays=frozenset()) -> date` that moves forward `n` working days (n >= 0), skipping Saturdays, Sundays and any date in `holidays`. With n == 0 return `d` unchanged.""",
        answer=r'''```python
from datetime import timedelta

def add_business_days(d, n, holidays=frozenset()):
    while n > 0:
        d += timedelta(days=1)
        if d.weekday() < 5 and d not in holidays:
            n -= 1
    return d
```
Each step advances one calendar day and only counts it when it is a working day.''',
        check=dict(
            kind="python_tests",
            entry_point="add_business_days",
            tests=r"""from datetime import date
assert add_business_days(date(2024, 3, 14), 1) == date(2024, 3, 15)
assert add_business_days(date(2024, 3, 15), 1) == date(2024, 3, 18)
assert add_business_days(date(2024, 3, 15), 5) == date(2024, 3, 22)
assert add_business_days(date(2024, 12, 23), 2, {date(2024, 12, 25)}) == date(2024, 12, 26)
assert add_business_days(date(2024, 3, 16), 0) == date(2024, 3, 16)""",
        ),
    ),
    dict(
        id="coder-090",
        role="coder",
        user=r"""Write `business_days_between(start: date, end: date) -> int` counting the weekdays (Mon-Fri) in the half-open range [start, end). Return 0 when end <= start. It must stay fast for ranges spanning decades, so don't loop over every day.""",
        answer=r'''```python
def business_days_between(start, end):
    days = max((end - start).days, 0)
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for i in range(rest):
        if (start.weekday() + i) % 7 < 5:
            count += 1
    return count
```
Every full week contributes five weekdays; only the leftover days (fewer than seven) are checked one by one.''',
        check=dict(
            kind="python_tests",
            entry_point="business_days_between",
            tests=r"""from datetime import date, timedelta
assert business_days_between(date(2024, 3, 11), date(2024, 3, 18)) == 5
assert business_days_between(date(2024, 3, 15), date(2024, 3, 18)) == 1
assert business_days_between(date(2024, 3, 16), date(2024, 3, 18)) == 0
assert business_days_between(date(2024, 3, 18), date(2024, 3, 11)) == 0
s, e = date(2023, 5, 17), date(2024, 2, 3)
assert business_days_between(s, e) == sum((s + timedelta(i)).weekday() < 5 for i in range((e - s).days))
assert business_days_between(date(1900, 1, 1), date(2100, 1, 1)) > 50000""",
        ),
    ),
    dict(
        id="coder-091",
        role="coder",
        user=r"""Reports are grouped by ISO week. Write `iso_week_label(d: date) -> str` returning labels like "2024-W07". Use the ISO week-numbering year, which can differ from the calendar year around New Year.""",
        answer=r'''```python
def iso_week_label(d):
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"
```''',
        check=dict(
            kind="python_tests",
            entry_point="iso_week_label",
            tests=r"""from datetime import date
assert iso_week_label(date(2024, 2, 14)) == "2024-W07"
assert iso_week_label(date(2024, 12, 30)) == "2025-W01"
assert iso_week_label(date(2021, 1, 1)) == "2020-W53"
assert iso_week_label(date(2024, 1, 1)) == "2024-W01"
""",
        ),
    ),
    dict(
        id="coder-092",
        role="coder",
        user=r"""Events arrive with ISO 8601 timestamps from different services: some end in "Z", some carry an offset like "+02:00", some are naive (treat those as UTC). Write `parse_timestamp(s: str) -> datetime` returning a timezone-aware datetime in UTC. Ignore surrounding whitespace.""",
        answer=r'''```python
from datetime import datetime, timezone

def parse_timestamp(s):
    s = s.strip()
    if s[-1:] in ("Z", "z"):
        s = s[:-1] + "+00:00"
    dt = datetime.fromisoformat(s)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc)
```''',
        check=dict(
            kind="python_tests",
            entry_point="parse_timestamp",
            tests=r"""from datetime import datetime, timezone
utc = timezone.utc
assert parse_timestamp("2024-05-01T12:00:00Z") == datetime(2024, 5, 1, 12, tzinfo=utc)
r = parse_timestamp("2024-05-01T12:00:00+02:00")
assert r == datetime(2024, 5, 1, 10, tzinfo=utc) and r.utcoffset().total_seconds() == 0
assert parse_timestamp(" 2024-05-01T12:00:00 ") == datetime(2024, 5, 1, 12, tzinfo=utc)
assert parse_timestamp("2024-05-01T23:30:00-01:00") == datetime(2024, 5, 2, 0, 30, tzinfo=utc)
assert parse_timestamp("2024-05-01T12:00:00.250Z").microsecond == 250000""",
        ),
    ),
    dict(
        id="coder-093",
        role="coder",
        user=r"""Write `seconds_between(a: str, b: str) -> int`. Both strings look like "2024-05-01 13:45:00" (same timezone). Return the whole number of seconds from a to b, negative if b is earlier.""",
        answer=r'''```python
from datetime import datetime

def seconds_between(a, b):
    fmt = "%Y-%m-%d %H:%M:%S"
    delta = datetime.strptime(b, fmt) - datetime.strptime(a, fmt)
    return int(delta.total_seconds())
```''',
        check=dict(
            kind="python_tests",
            entry_point="seconds_between",
            tests=r"""assert seconds_between("2024-05-01 13:45:00", "2024-05-01 13:46:30") == 90
assert seconds_between("2024-05-01 13:45:00", "2024-05-01 13:45:00") == 0
assert seconds_between("2024-05-02 00:00:00", "2024-05-01 23:59:00") == -60
assert seconds_between("2024-02-28 12:00:00", "2024-03-01 12:00:00") == 2 * 86400""",
        ),
    ),
    dict(
        id="coder-094",
        role="coder",
        user=r"""Write `format_duration(seconds: int) -> str` for the job dashboard: "1d 2h 3m 4s" style, leaving out zero units, "0s" for zero. Raise ValueError for negative input.""",
        answer=r'''```python
def format_duration(seconds):
    if seconds < 0:
        raise ValueError("negative duration")
    parts = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        n, seconds = divmod(seconds, size)
        if n:
            parts.append(f"{n}{unit}")
    return " ".join(parts) or "0s"
```''',
        check=dict(
            kind="python_tests",
            entry_point="format_duration",
            tests=r"""assert format_duration(93784) == "1d 2h 3m 4s"
assert format_duration(0) == "0s"
assert format_duration(3600) == "1h"
assert format_duration(61) == "1m 1s"
assert format_duration(86400 * 3 + 5) == "3d 5s"
try:
    format_duration(-1)
except ValueError:
    pass
else:
    raise AssertionError("expected ValueError")""",
        ),
    ),
    dict(
        id="coder-095",
        role="coder",
        user=r"""Metrics are aggregated into fixed buckets. Write `bucket_start(ts: datetime, minutes: int) -> datetime` that floors `ts` to the start of its `minutes`-wide bucket, counted from midnight of the same day (assume minutes divides 1440). Seconds and microseconds become 0; tzinfo is kept.""",
        answer=r'''```python
def bucket_start(ts, minutes):
    total = ts.hour * 60 + ts.minute
    start = total - total % minutes
    return ts.replace(hour=start // 60, minute=start % 60, second=0, microsecond=0)
```''',
        check=dict(
            kind="python_tests",
            entry_point="bucket_start",
            tests=r"""from datetime import datetime, timezone
assert bucket_start(datetime(2024, 5, 1, 13, 47, 12, 5), 15) == datetime(2024, 5, 1, 13, 45)
assert bucket_start(datetime(2024, 5, 1, 13, 45), 15) == datetime(2024, 5, 1, 13, 45)
assert bucket_start(datetime(2024, 5, 1, 13, 47), 60) == datetime(2024, 5, 1, 13, 0)
assert bucket_start(datetime(2024, 5, 1, 23, 59, 59), 360) == datetime(2024, 5, 1, 18, 0)
r = bucket_start(datetime(2024, 5, 1, 0, 7, tzinfo=timezone.utc), 5)
assert r == datetime(2024, 5, 1, 0, 5, tzinfo=timezone.utc) and r.tzinfo is timezone.utc""",
        ),
    ),
    dict(
        id="coder-096",
        role="coder",
        user=r"""Our scheduler needs cron-style field matching. Write `cron_field_matches(field: str, value: int) -> bool`. A field is a comma-separated list of parts; each part is `*`, `*/n` (value divisible by n), a number `a`, a range `a-b` (inclusive) or a stepped range `a-b/n` (a, a+n, ... up to b). The value matches if any part matches.""",
        answer=r'''```python
def cron_field_matches(field, value):
    for part in field.split(","):
        rng, _, step = part.partition("/")
        step = int(step) if step else 1
        if rng == "*":
            lo, hi = 0, value
        elif "-" in rng:
            lo, hi = map(int, rng.split("-"))
        else:
            lo = hi = int(rng)
        if lo <= value <= hi and (value - lo) % step == 0:
            return True
    return False
```
`*` is treated as the range starting at 0, so `*/n` reduces to a divisibility check.''',
        check=dict(
            kind="python_tests",
            entry_point="cron_field_matches",
            tests=r"""assert cron_field_matches("*", 37)
assert cron_field_matches("*/15", 45) and not cron_field_matches("*/15", 50)
assert cron_field_matches("1,15,30", 15) and not cron_field_matches("1,15,30", 16)
assert cron_field_matches("9-17", 9) and cron_field_matches("9-17", 17) and not cron_field_matches("9-17", 18)
assert cron_field_matches("10-30/10", 20) and not cron_field_matches("10-30/10", 25)
assert cron_field_matches("0,20-23", 22)""",
        ),
    ),
]
