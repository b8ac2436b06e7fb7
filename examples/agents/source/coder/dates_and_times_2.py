"""Coder-role examples: dates and times (2 of 2). Contract: source/README.md."""

EXAMPLES = [
    dict(
        id="coder-097",
        role="coder",
        user=r"""Write `cron_matches(expr: str, dt: datetime) -> bool` for a five-field cron expression "minute hour day month weekday" (weekday 0 = Sunday ... 6 = Saturday). Each field is `*` or a comma-separated list of numbers. Raise ValueError if there are not exactly five fields.""",
        answer=r'''```python
def cron_matches(expr, dt):
    fields = expr.split()
    if len(fields) != 5:
        raise ValueError(f"expected 5 fields, got {len(fields)}")
    values = (dt.minute, dt.hour, dt.day, dt.month, (dt.weekday() + 1) % 7)
    return all(
        f == "*" or v in {int(x) for x in f.split(",")}
        for f, v in zip(fields, values)
    )
```
Python's `weekday()` has Monday = 0, so it is shifted by one to get cron's Sunday = 0.''',
        check=dict(
            kind="python_tests",
            entry_point="cron_matches",
            tests=r"""from datetime import datetime
assert cron_matches("* * * * *", datetime(2024, 5, 1, 3, 7))
assert cron_matches("30 9 * * 1,2,3,4,5", datetime(2024, 5, 1, 9, 30))
assert not cron_matches("30 9 * * 1,2,3,4,5", datetime(2024, 5, 4, 9, 30))
assert cron_matches("0 0 * * 0", datetime(2024, 5, 5, 0, 0))
assert cron_matches("0 12 1 1,7 *", datetime(2024, 7, 1, 12, 0))
try:
    cron_matches("0 12 * *", datetime(2024, 7, 1))
except ValueError:
    pass
else:
    raise AssertionError("expected ValueError")""",
        ),
    ),
    dict(
        id="coder-098",
        role="coder",
        user=r"""Write `is_working_day(d: date, holidays=frozenset()) -> bool`: True for Monday-Friday dates that are not in `holidays`.""",
        answer=r'''```python
def is_working_day(d, holidays=frozenset()):
    return d.weekday() < 5 and d not in holidays
```''',
        check=dict(
            kind="python_tests",
            entry_point="is_working_day",
            tests=r"""from datetime import date
assert is_working_day(date(2024, 5, 1))
assert not is_working_day(date(2024, 5, 4))
assert not is_working_day(date(2024, 5, 5))
assert not is_working_day(date(2024, 12, 25), {date(2024, 12, 25)})
assert is_working_day(date(2024, 12, 24), {date(2024, 12, 25)})""",
        ),
    ),
    dict(
        id="coder-099",
        role="coder",
        user=r"""Write `quarter_label(d: date) -> str` returning the calendar quarter as e.g. "2024-Q3".""",
        answer=r'''```python
def quarter_label(d):
    return f"{d.year}-Q{(d.month - 1) // 3 + 1}"
```''',
        check=dict(
            kind="python_tests",
            entry_point="quarter_label",
            tests=r"""from datetime import date
assert quarter_label(date(2024, 1, 1)) == "2024-Q1"
assert quarter_label(date(2024, 3, 31)) == "2024-Q1"
assert quarter_label(date(2024, 4, 1)) == "2024-Q2"
assert quarter_label(date(2024, 9, 15)) == "2024-Q3"
assert quarter_label(date(1999, 12, 31)) == "1999-Q4"
""",
        ),
    ),
    dict(
        id="coder-100",
        role="coder",
        user=r"""Need `month_end(d: date) -> date`: the last day of the month containing d (leap years included).""",
        answer=r'''```python
import calendar
from datetime import date

def month_end(d):
    return date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])
```
`calendar.monthrange` returns the weekday of the 1st and the number of days in the month.''',
        check=dict(
            kind="python_tests",
            entry_point="month_end",
            tests=r"""from datetime import date
assert month_end(date(2024, 2, 10)) == date(2024, 2, 29)
assert month_end(date(2023, 2, 1)) == date(2023, 2, 28)
assert month_end(date(2024, 12, 31)) == date(2024, 12, 31)
assert month_end(date(2024, 4, 30)) == date(2024, 4, 30)
assert month_end(date(2024, 1, 1)) == date(2024, 1, 31)""",
        ),
    ),
    dict(
        id="coder-101",
        role="coder",
        user=r"""Subscriptions renew monthly. Write `add_months(d: date, n: int) -> date` that adds n months (n may be negative). If the day doesn't exist in the target month, clamp to that month's last day (Jan 31 + 1 month -> Feb 28/29).""",
        answer=r'''```python
import calendar
from datetime import date

def add_months(d, n):
    year, month0 = divmod(d.year * 12 + d.month - 1 + n, 12)
    month = month0 + 1
    day = min(d.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)
```
Counting months from year 0 makes the year rollover (in both directions) fall out of one `divmod`.''',
        check=dict(
            kind="python_tests",
            entry_point="add_months",
            tests=r"""from datetime import date
assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
assert add_months(date(2023, 1, 31), 1) == date(2023, 2, 28)
assert add_months(date(2024, 11, 15), 3) == date(2025, 2, 15)
assert add_months(date(2024, 3, 31), -1) == date(2024, 2, 29)
assert add_months(date(2024, 1, 10), -13) == date(2022, 12, 10)
assert add_months(date(2024, 5, 5), 0) == date(2024, 5, 5)""",
        ),
    ),
    dict(
        id="coder-102",
        role="coder",
        user=r"""Write `age_in_years(birth: date, today: date) -> int`: completed years of age. Someone born on Feb 29 turns a year older on Mar 1 in non-leap years.""",
        answer=r'''```python
def age_in_years(birth, today):
    before_birthday = (today.month, today.day) < (birth.month, birth.day)
    return today.year - birth.year - before_birthday
```
Comparing (month, day) tuples subtracts one year until the birthday has passed.''',
        check=dict(
            kind="python_tests",
            entry_point="age_in_years",
            tests=r"""from datetime import date
assert age_in_years(date(1990, 6, 15), date(2024, 6, 14)) == 33
assert age_in_years(date(1990, 6, 15), date(2024, 6, 15)) == 34
assert age_in_years(date(2000, 2, 29), date(2023, 2, 28)) == 22
assert age_in_years(date(2000, 2, 29), date(2023, 3, 1)) == 23
assert age_in_years(date(2024, 1, 1), date(2024, 12, 31)) == 0""",
        ),
    ),
    dict(
        id="coder-103",
        role="coder",
        user=r"""Booking service: write `ranges_overlap(a_start, a_end, b_start, b_end) -> bool` for two half-open time ranges [start, end) of datetimes. Back-to-back bookings (one ends exactly when the other starts) do not overlap.""",
        answer=r'''```python
def ranges_overlap(a_start, a_end, b_start, b_end):
    return a_start < b_end and b_start < a_end
```''',
        check=dict(
            kind="python_tests",
            entry_point="ranges_overlap",
            tests=r"""from datetime import datetime
h = lambda x: datetime(2024, 5, 1, x)
assert ranges_overlap(h(9), h(11), h(10), h(12))
assert not ranges_overlap(h(9), h(10), h(10), h(11))
assert ranges_overlap(h(9), h(17), h(12), h(13))
assert not ranges_overlap(h(14), h(15), h(9), h(10))
assert ranges_overlap(h(12), h(13), h(9), h(17))""",
        ),
    ),
    dict(
        id="coder-104",
        role="coder",
        user=r"""Write `count_per_hour(timestamps: list[str]) -> dict[str, int]`. Each timestamp is ISO 8601 without offset ("2024-05-01T12:34:56" or with a space instead of "T"). Count events per hour, keyed "YYYY-MM-DDTHH", with keys in ascending order.""",
        answer=r'''```python
from collections import Counter
from datetime import datetime

def count_per_hour(timestamps):
    counts = Counter(
        datetime.fromisoformat(ts).strftime("%Y-%m-%dT%H") for ts in timestamps
    )
    return dict(sorted(counts.items()))
```''',
        check=dict(
            kind="python_tests",
            entry_point="count_per_hour",
            tests=r"""r = count_per_hour(["2024-05-01T13:05:00", "2024-05-01T12:59:59", "2024-05-01 13:40:00", "2024-05-01T12:00:00"])
assert r == {"2024-05-01T12": 2, "2024-05-01T13": 2}
assert list(r) == ["2024-05-01T12", "2024-05-01T13"]
assert count_per_hour([]) == {}
assert count_per_hour(["2024-12-31T23:59:59", "2025-01-01T00:00:00"]) == {"2024-12-31T23": 1, "2025-01-01T00": 1}""",
        ),
    ),
    dict(
        id="coder-105",
        role="coder",
        user=r"""Write `epoch_to_iso(ts: float) -> str` converting a non-negative Unix timestamp to UTC text like "2024-01-01T00:00:00Z". Fractional seconds are dropped.""",
        answer=r'''```python
from datetime import datetime, timezone

def epoch_to_iso(ts):
    dt = datetime.fromtimestamp(int(ts), tz=timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")
```
Passing `tz=timezone.utc` avoids depending on the machine's local timezone.''',
        check=dict(
            kind="python_tests",
            entry_point="epoch_to_iso",
            tests=r"""assert epoch_to_iso(0) == "1970-01-01T00:00:00Z"
assert epoch_to_iso(1704067200) == "2024-01-01T00:00:00Z"
assert epoch_to_iso(1704067200.999) == "2024-01-01T00:00:00Z"
assert epoch_to_iso(1709251199) == "2024-02-29T23:59:59Z"
""",
        ),
    ),
    dict(
        id="coder-106",
        role="coder",
        user=r"""Write `week_bounds(d: date) -> tuple[date, date]` returning the Monday and the Sunday of the week that contains d.""",
        answer=r'''```python
from datetime import timedelta

def week_bounds(d):
    monday = d - timedelta(days=d.weekday())
    return monday, monday + timedelta(days=6)
```''',
        check=dict(
            kind="python_tests",
            entry_point="week_bounds",
            tests=r"""from datetime import date
assert week_bounds(date(2024, 5, 1)) == (date(2024, 4, 29), date(2024, 5, 5))
assert week_bounds(date(2024, 4, 29)) == (date(2024, 4, 29), date(2024, 5, 5))
assert week_bounds(date(2024, 5, 5)) == (date(2024, 4, 29), date(2024, 5, 5))
assert week_bounds(date(2025, 1, 1)) == (date(2024, 12, 30), date(2025, 1, 5))""",
        ),
    ),
]
