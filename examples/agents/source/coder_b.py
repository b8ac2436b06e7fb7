"""Coder-role examples, part B: dates and times, files and paths, config and environment,
HTTP/URL utilities, numbers and money, iterators and control flow.

Contract (docs/data-format.md): the answer is one ```python block defining `entry_point`, then at
most two short sentences. The check appends `tests` to the extracted code and runs it.
"""

EXAMPLES = [
    # ------------------------------------------------------------------ dates and times
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
    # ------------------------------------------------------------------ files and paths
    dict(
        id="coder-107",
        role="coder",
        user=r"""Write `normalize_path(p: str) -> str` for POSIX-style paths: treat backslashes as separators, collapse repeated slashes, resolve "." and ".." lexically (without touching the filesystem), and drop trailing slashes. An empty path becomes ".".""",
        answer=r'''```python
import posixpath

def normalize_path(p):
    p = posixpath.normpath(p.replace("\\", "/"))
    if p.startswith("//"):
        p = "/" + p.lstrip("/")
    return p
```
`normpath` keeps exactly two leading slashes (POSIX allows them to mean something special), so those are collapsed by hand.''',
        check=dict(
            kind="python_tests",
            entry_point="normalize_path",
            tests=r"""assert normalize_path("a//b/./c/") == "a/b/c"
assert normalize_path("/srv/app/../data") == "/srv/data"
assert normalize_path("") == "."
assert normalize_path("//etc//hosts") == "/etc/hosts"
assert normalize_path("dir\\sub\\file.txt") == "dir/sub/file.txt"
assert normalize_path("a/../..") == ".."
""",
        ),
    ),
    dict(
        id="coder-108",
        role="coder",
        user=r"""Security ticket: uploads must stay inside the storage root. Write `safe_join(base: str, *parts: str) -> str` that joins the parts onto `base` (POSIX paths) and returns the normalised result. Raise ValueError if any part is absolute or the result would escape `base` (e.g. via "..").""",
        answer=r'''```python
import posixpath

def safe_join(base, *parts):
    base = posixpath.normpath(base)
    if any(p.startswith("/") for p in parts):
        raise ValueError("absolute path not allowed")
    path = posixpath.normpath(posixpath.join(base, *parts))
    if path != base and not path.startswith(base.rstrip("/") + "/"):
        raise ValueError(f"path escapes {base}")
    return path
```
Checking the prefix with a trailing slash stops "/srv/app" from accepting "/srv/appx".''',
        check=dict(
            kind="python_tests",
            entry_point="safe_join",
            tests=r"""assert safe_join("/srv/app", "static", "css/site.css") == "/srv/app/static/css/site.css"
assert safe_join("/srv/app/", "a/../b") == "/srv/app/b"
assert safe_join("/srv/app", ".") == "/srv/app"
for bad in (("../etc/passwd",), ("/etc/passwd",), ("a", "../../x"), ("../appx/f",)):
    try:
        safe_join("/srv/app", *bad)
    except ValueError:
        pass
    else:
        raise AssertionError(bad)""",
        ),
    ),
    dict(
        id="coder-109",
        role="coder",
        user=r"""Write `change_ext(path: str, ext: str) -> str` that replaces the last extension of the file name. `ext` may be given with or without the leading dot; an empty `ext` removes the extension. Dotfiles like ".bashrc" have no extension.""",
        answer=r'''```python
import posixpath

def change_ext(path, ext):
    root, _ = posixpath.splitext(path)
    if ext and not ext.startswith("."):
        ext = "." + ext
    return root + ext
```''',
        check=dict(
            kind="python_tests",
            entry_point="change_ext",
            tests=r"""assert change_ext("img/photo.jpeg", "png") == "img/photo.png"
assert change_ext("img/photo.jpeg", ".webp") == "img/photo.webp"
assert change_ext("archive.tar.gz", "") == "archive.tar"
assert change_ext("conf.d/.bashrc", "bak") == "conf.d/.bashrc.bak"
assert change_ext("v1.2/README", "md") == "v1.2/README.md"
""",
        ),
    ),
    dict(
        id="coder-110",
        role="coder",
        user=r"""Write `split_ext_all(name: str) -> tuple[str, str]` that splits a file name (no directories) into stem and the full multi-part extension: "archive.tar.gz" -> ("archive", ".tar.gz"). Leading dots belong to the stem, so ".bashrc" -> (".bashrc", "") and ".env.local" -> (".env", ".local").""",
        answer=r'''```python
def split_ext_all(name):
    lead = len(name) - len(name.lstrip("."))
    stem, dot, rest = name[lead:].partition(".")
    return name[:lead] + stem, dot + rest
```
The leading dots are set aside first so the split happens at the first dot after them.''',
        check=dict(
            kind="python_tests",
            entry_point="split_ext_all",
            tests=r"""assert split_ext_all("archive.tar.gz") == ("archive", ".tar.gz")
assert split_ext_all(".bashrc") == (".bashrc", "")
assert split_ext_all(".env.local") == (".env", ".local")
assert split_ext_all("Makefile") == ("Makefile", "")
assert split_ext_all("report.final.pdf") == ("report", ".final.pdf")""",
        ),
    ),
    dict(
        id="coder-111",
        role="coder",
        user=r"""Write `matches_any(path: str, patterns: list[str]) -> bool` using shell-style wildcards, case-sensitive. A pattern without "/" is matched against the file name only; a pattern containing "/" is matched against the whole path.""",
        answer=r'''```python
import posixpath
from fnmatch import fnmatchcase

def matches_any(path, patterns):
    name = posixpath.basename(path)
    return any(fnmatchcase(path if "/" in p else name, p) for p in patterns)
```
`fnmatchcase` avoids the platform-dependent case folding of `fnmatch.fnmatch`.''',
        check=dict(
            kind="python_tests",
            entry_point="matches_any",
            tests=r"""assert matches_any("src/app/main.py", ["*.py"])
assert not matches_any("docs/readme.md", ["*.py", "*.txt"])
assert matches_any("build/out/x.o", ["build/*"])
assert not matches_any("src/build/x.o", ["build/*"])
assert not matches_any("src/Main.PY", ["*.py"])
assert not matches_any("a.py", [])""",
        ),
    ),
    dict(
        id="coder-112",
        role="coder",
        user=r"""The deploy tool selects files to upload. Write `filter_paths(paths: list[str], include: list[str], exclude: list[str]) -> list[str]`: keep a path if it matches at least one include glob (or include is empty) and no exclude glob. Match whole paths with fnmatch, case-sensitive, and keep the input order.""",
        answer=r'''```python
from fnmatch import fnmatchcase

def filter_paths(paths, include, exclude):
    def hit(path, patterns):
        return any(fnmatchcase(path, p) for p in patterns)
    return [
        p for p in paths
        if (not include or hit(p, include)) and not hit(p, exclude)
    ]
```''',
        check=dict(
            kind="python_tests",
            entry_point="filter_paths",
            tests=r"""paths = ["src/a.py", "src/a_test.py", "README.md", "src/data.json"]
assert filter_paths(paths, ["*.py"], ["*_test.py"]) == ["src/a.py"]
assert filter_paths(paths, [], ["*.md"]) == ["src/a.py", "src/a_test.py", "src/data.json"]
assert filter_paths(paths, ["src/*"], []) == ["src/a.py", "src/a_test.py", "src/data.json"]
assert filter_paths(paths, ["*.PY"], []) == []
assert filter_paths([], ["*"], []) == []""",
        ),
    ),
    dict(
        id="coder-113",
        role="coder",
        user=r"""Write `group_by_ext(paths: list[str]) -> dict[str, list[str]]` grouping paths by lower-cased extension without the dot ("" for none). Each group is sorted and the dict keys are in sorted order.""",
        answer=r'''```python
import posixpath
from collections import defaultdict

def group_by_ext(paths):
    groups = defaultdict(list)
    for p in paths:
        ext = posixpath.splitext(p)[1].lstrip(".").lower()
        groups[ext].append(p)
    return {ext: sorted(items) for ext, items in sorted(groups.items())}
```''',
        check=dict(
            kind="python_tests",
            entry_point="group_by_ext",
            tests=r"""r = group_by_ext(["b.PY", "a.py", "notes", "img/x.png", "Makefile"])
assert r == {"": ["Makefile", "notes"], "png": ["img/x.png"], "py": ["a.py", "b.PY"]}
assert list(r) == ["", "png", "py"]
assert group_by_ext([]) == {}
assert group_by_ext(["dir.d/.env"]) == {"": ["dir.d/.env"]}""",
        ),
    ),
    dict(
        id="coder-114",
        role="coder",
        user=r"""Write `relative_to(path: str, base: str) -> str` for absolute POSIX paths: normalise both and return `path` relative to `base` ("." when equal). Raise ValueError if path is not base itself or inside it.""",
        answer=r'''```python
import posixpath

def relative_to(path, base):
    path, base = posixpath.normpath(path), posixpath.normpath(base)
    if path != base and not path.startswith(base.rstrip("/") + "/"):
        raise ValueError(f"{path} is not under {base}")
    return posixpath.relpath(path, base)
```''',
        check=dict(
            kind="python_tests",
            entry_point="relative_to",
            tests=r"""assert relative_to("/srv/app/static/a.css", "/srv/app") == "static/a.css"
assert relative_to("/srv/app", "/srv/app/") == "."
assert relative_to("/srv/app/x/../y", "/srv") == "app/y"
assert relative_to("/etc/hosts", "/") == "etc/hosts"
for p in ("/srv/application/x", "/etc"):
    try:
        relative_to(p, "/srv/app")
    except ValueError:
        pass
    else:
        raise AssertionError(p)""",
        ),
    ),
    dict(
        id="coder-115",
        role="coder",
        user=r"""Write `count_code_lines(text: str) -> int`: number of lines in a Python source string that are neither blank nor comment-only (first non-space character is "#").""",
        answer=r'''```python
def count_code_lines(text):
    return sum(
        1 for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    )
```''',
        check=dict(
            kind="python_tests",
            entry_point="count_code_lines",
            tests=r"""src = "# header\nimport os\n\n    # indented comment\ndef f():\n    return 1  # trailing\n   \n"
assert count_code_lines(src) == 3
assert count_code_lines("") == 0
assert count_code_lines("x = 1") == 1
assert count_code_lines("\n\n#\n") == 0""",
        ),
    ),
    dict(
        id="coder-116",
        role="coder",
        user=r"""Write `parse_ignore(text: str) -> list[str]` reading the contents of an ignore file: strip each line, skip blank lines and lines starting with "#", and drop duplicate patterns while keeping the first occurrence.""",
        answer=r'''```python
def parse_ignore(text):
    patterns = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#") and line not in patterns:
            patterns.append(line)
    return patterns
```''',
        check=dict(
            kind="python_tests",
            entry_point="parse_ignore",
            tests=r"""text = "# build output\n*.pyc\n\nbuild/*\n  *.pyc  \n!keep.pyc\n"
assert parse_ignore(text) == ["*.pyc", "build/*", "!keep.pyc"]
assert parse_ignore("") == []
assert parse_ignore("#only\n\n   \n") == []""",
        ),
    ),
    dict(
        id="coder-117",
        role="coder",
        user=r"""Write `is_ignored(path: str, patterns: list[str]) -> bool`, a small gitignore subset. Patterns apply in order and the last matching one wins. A pattern starting with "!" re-includes matching paths. A pattern without "/" is matched (fnmatch, case-sensitive) against the file name, otherwise against the whole path. No match means not ignored.""",
        answer=r'''```python
import posixpath
from fnmatch import fnmatchcase

def is_ignored(path, patterns):
    name = posixpath.basename(path)
    ignored = False
    for pat in patterns:
        negate = pat.startswith("!")
        if negate:
            pat = pat[1:]
        if fnmatchcase(path if "/" in pat else name, pat):
            ignored = not negate
    return ignored
```
Scanning every pattern and keeping the last verdict gives "last match wins".''',
        check=dict(
            kind="python_tests",
            entry_point="is_ignored",
            tests=r"""pats = ["*.log", "!keep.log", "build/*"]
assert is_ignored("logs/app.log", pats)
assert not is_ignored("logs/keep.log", pats)
assert is_ignored("build/out.bin", pats)
assert not is_ignored("src/main.py", pats)
assert is_ignored("keep.log", ["!keep.log", "*.log"])
assert not is_ignored("a.log", [])""",
        ),
    ),
    dict(
        id="coder-118",
        role="coder",
        user=r"""Write `common_dir(paths: list[str]) -> str` returning the deepest directory that contains every given file path (POSIX, all absolute or all relative), compared component by component. Return "" for an empty list.""",
        answer=r'''```python
import posixpath

def common_dir(paths):
    if not paths:
        return ""
    return posixpath.commonpath([posixpath.dirname(p) for p in paths])
```
`commonpath` compares whole components, so "/a/bc" and "/a/bd" share "/a", not "/a/b".''',
        check=dict(
            kind="python_tests",
            entry_point="common_dir",
            tests=r"""assert common_dir(["/srv/app/a.py", "/srv/app/lib/b.py"]) == "/srv/app"
assert common_dir(["/a/bc/x", "/a/bd/y"]) == "/a"
assert common_dir(["/srv/app/a.py"]) == "/srv/app"
assert common_dir(["src/a.py", "src/b/c.py"]) == "src"
assert common_dir([]) == ""
""",
        ),
    ),
    dict(
        id="coder-119",
        role="coder",
        user=r"""Write `tail_lines(text: str, n: int) -> list[str]` returning the last n lines of the text (like `tail -n`), without line endings. n <= 0 gives [].""",
        answer=r'''```python
def tail_lines(text, n):
    return text.splitlines()[-n:] if n > 0 else []
```
The `n > 0` guard matters because `[-0:]` would return every line.''',
        check=dict(
            kind="python_tests",
            entry_point="tail_lines",
            tests=r"""assert tail_lines("a\nb\nc\n", 2) == ["b", "c"]
assert tail_lines("a\nb", 10) == ["a", "b"]
assert tail_lines("a\nb", 0) == []
assert tail_lines("", 3) == []
assert tail_lines("x\r\ny\r\n", 1) == ["y"]""",
        ),
    ),
    dict(
        id="coder-120",
        role="coder",
        user=r"""Write `path_depth(p: str) -> int`: the number of components in a POSIX path after lexical normalisation. "/" and "" have depth 0; "/srv/app/" has depth 2; "a/./b/../c" has depth 2.""",
        answer=r'''```python
import posixpath

def path_depth(p):
    norm = posixpath.normpath(p) if p else "."
    return len([part for part in norm.split("/") if part not in ("", ".")])
```''',
        check=dict(
            kind="python_tests",
            entry_point="path_depth",
            tests=r"""assert path_depth("/") == 0
assert path_depth("") == 0
assert path_depth("/srv/app/") == 2
assert path_depth("a/./b/../c") == 2
assert path_depth("a") == 1
assert path_depth("//x//y//z") == 3""",
        ),
    ),
    dict(
        id="coder-121",
        role="coder",
        user=r"""When a user uploads a file whose name is taken, we add a counter like desktop file managers do. Write `unique_filename(name: str, existing: set[str]) -> str`: return name if free, else "stem (1).ext", "stem (2).ext", ... using the first free number.""",
        answer=r'''```python
import posixpath

def unique_filename(name, existing):
    if name not in existing:
        return name
    stem, ext = posixpath.splitext(name)
    n = 1
    while f"{stem} ({n}){ext}" in existing:
        n += 1
    return f"{stem} ({n}){ext}"
```''',
        check=dict(
            kind="python_tests",
            entry_point="unique_filename",
            tests=r"""assert unique_filename("report.pdf", set()) == "report.pdf"
assert unique_filename("report.pdf", {"report.pdf"}) == "report (1).pdf"
assert unique_filename("report.pdf", {"report.pdf", "report (1).pdf"}) == "report (2).pdf"
assert unique_filename("notes", {"notes"}) == "notes (1)"
assert unique_filename("a.tar.gz", {"a.tar.gz"}) == "a.tar (1).gz"
""",
        ),
    ),
    # ------------------------------------------------------------------ config and environment
    dict(
        id="coder-122",
        role="coder",
        user=r"""Write `parse_env(text: str) -> dict[str, str]` for .env files. Rules: skip blank lines, lines starting with "#" and lines without "="; allow an optional "export " prefix; split on the first "="; strip whitespace around key and value; remove one pair of matching single or double quotes around the value; later keys override earlier ones.""",
        answer=r'''```python
def parse_env(text):
    env = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        if line.startswith("export "):
            line = line[len("export "):]
        key, _, value = line.partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        env[key.strip()] = value
    return env
```''',
        check=dict(
            kind="python_tests",
            entry_point="parse_env",
            tests=r"""text = '''
# database
DB_HOST = localhost
export DB_PORT=5432
GREETING="hello world"
TOKEN='a=b=c'
garbage line
DB_HOST=db.internal
EMPTY=
'''
assert parse_env(text) == {"DB_HOST": "db.internal", "DB_PORT": "5432", "GREETING": "hello world", "TOKEN": "a=b=c", "EMPTY": ""}
assert parse_env("") == {}
assert parse_env("Q='it\"s'") == {"Q": "it\"s"}
assert parse_env("X=\"unbalanced'") == {"X": "\"unbalanced'"}""",
        ),
    ),
    dict(
        id="coder-123",
        role="coder",
        user=r"""Write `env_bool(value: str | None, default: bool = False) -> bool`. None or a blank string returns default. Case-insensitively, "1", "true", "yes", "on" are True and "0", "false", "no", "off" are False (surrounding whitespace ignored). Anything else raises ValueError.""",
        answer=r'''```python
def env_bool(value, default=False):
    if value is None or not value.strip():
        return default
    v = value.strip().lower()
    if v in ("1", "true", "yes", "on"):
        return True
    if v in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"not a boolean: {value!r}")
```''',
        check=dict(
            kind="python_tests",
            entry_point="env_bool",
            tests=r"""assert env_bool("TRUE") is True and env_bool(" yes ") is True and env_bool("1") is True
assert env_bool("off") is False and env_bool("0") is False
assert env_bool(None) is False and env_bool(None, True) is True
assert env_bool("  ", default=True) is True
try:
    env_bool("maybe")
except ValueError:
    pass
else:
    raise AssertionError("expected ValueError")""",
        ),
    ),
    dict(
        id="coder-124",
        role="coder",
        user=r"""Config values come from the environment as strings. Write `coerce_env(value: str)` that returns: a bool for "true"/"false" (any case), None for "", "null" or "none" (any case), an int if it parses as int, else a float if it parses as float, else the original string.""",
        answer=r'''```python
def coerce_env(value):
    low = value.strip().lower()
    if low in ("true", "false"):
        return low == "true"
    if low in ("", "null", "none"):
        return None
    for cast in (int, float):
        try:
            return cast(value)
        except ValueError:
            pass
    return value
```
int is tried before float so "8080" stays an integer.''',
        check=dict(
            kind="python_tests",
            entry_point="coerce_env",
            tests=r"""assert coerce_env("True") is True and coerce_env("false") is False
assert coerce_env("") is None and coerce_env("NULL") is None and coerce_env("None") is None
r = coerce_env("8080")
assert r == 8080 and type(r) is int
r = coerce_env("0.25")
assert r == 0.25 and type(r) is float
assert coerce_env("localhost") == "localhost"
assert coerce_env("-3") == -3""",
        ),
    ),
    dict(
        id="coder-125",
        role="coder",
        user=r"""Write `merge_config(base: dict, override: dict) -> dict` returning a new dict: nested dicts are merged recursively, a value of None in `override` deletes that key, any other value replaces the base value. Neither input may be mutated.""",
        answer=r'''```python
def merge_config(base, override):
    merged = dict(base)
    for key, value in override.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge_config(merged[key], value)
        else:
            merged[key] = value
    return merged
```''',
        check=dict(
            kind="python_tests",
            entry_point="merge_config",
            tests=r"""base = {"db": {"host": "localhost", "port": 5432}, "debug": True, "cache": {"ttl": 60}}
over = {"db": {"host": "db.prod", "pool": 10}, "debug": None, "cache": "off"}
assert merge_config(base, over) == {"db": {"host": "db.prod", "port": 5432, "pool": 10}, "cache": "off"}
assert base == {"db": {"host": "localhost", "port": 5432}, "debug": True, "cache": {"ttl": 60}}
assert over == {"db": {"host": "db.prod", "pool": 10}, "debug": None, "cache": "off"}
assert merge_config({}, {"a": {"b": None}}) == {"a": {"b": None}}
assert merge_config({"a": 1}, {"missing": None}) == {"a": 1}""",
        ),
    ),
    dict(
        id="coder-126",
        role="coder",
        user=r"""Write `env_int(env: dict, name: str, default: int, lo: int | None = None, hi: int | None = None) -> int`. Missing or blank values give `default`. A value that is not an integer, or is outside [lo, hi] when those bounds are given, raises ValueError whose message includes `name`.""",
        answer=r'''```python
def env_int(env, name, default, lo=None, hi=None):
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name} must be an integer, got {raw!r}") from None
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise ValueError(f"{name}={value} is out of range")
    return value
```''',
        check=dict(
            kind="python_tests",
            entry_point="env_int",
            tests=r"""assert env_int({"WORKERS": " 8 "}, "WORKERS", 4) == 8
assert env_int({}, "WORKERS", 4) == 4
assert env_int({"WORKERS": ""}, "WORKERS", 4) == 4
assert env_int({"PORT": "65535"}, "PORT", 80, 1, 65535) == 65535
for env in ({"PORT": "eighty"}, {"PORT": "0"}, {"PORT": "70000"}):
    try:
        env_int(env, "PORT", 80, 1, 65535)
    except ValueError as e:
        assert "PORT" in str(e)
    else:
        raise AssertionError(env)""",
        ),
    ),
    dict(
        id="coder-127",
        role="coder",
        user=r"""Feature flags with gradual rollout. A flag is a dict like {"name": "new-ui", "enabled": True, "allow": ["u1"], "percent": 25}. Write `flag_enabled(flag: dict, user_id: str) -> bool`: False if not enabled; True if the user is in "allow"; otherwise True when zlib.crc32 of "<name>:<user_id>" modulo 100 is below "percent" (missing keys: allow = [], percent = 0). It must be deterministic per user.""",
        answer=r'''```python
import zlib

def flag_enabled(flag, user_id):
    if not flag.get("enabled", False):
        return False
    if user_id in flag.get("allow", ()):
        return True
    bucket = zlib.crc32(f"{flag['name']}:{user_id}".encode()) % 100
    return bucket < flag.get("percent", 0)
```
Hashing the flag name with the user gives each flag an independent, stable bucket.''',
        check=dict(
            kind="python_tests",
            entry_point="flag_enabled",
            tests=r"""import zlib
f = {"name": "new-ui", "enabled": True, "allow": ["vip"], "percent": 30}
users = [f"user{i}" for i in range(1000)]
on = sum(flag_enabled(f, u) for u in users)
assert 200 < on < 400
assert all(flag_enabled(f, u) == (zlib.crc32(f"new-ui:{u}".encode()) % 100 < 30) for u in users)
assert flag_enabled({"name": "x", "enabled": True, "allow": ["vip"]}, "vip")
assert not flag_enabled({"name": "x", "enabled": True}, "user1")
assert not flag_enabled({"name": "x", "enabled": False, "allow": ["vip"], "percent": 100}, "vip")
assert all(flag_enabled({"name": "x", "enabled": True, "percent": 100}, u) for u in users)""",
        ),
    ),
    dict(
        id="coder-128",
        role="coder",
        user=r"""Write `env_list(value: str | None, sep: str = ",") -> list[str]` that splits a setting like "a, b,,c " into ["a", "b", "c"]: items are stripped and empty items dropped. None gives [].""",
        answer=r'''```python
def env_list(value, sep=","):
    if value is None:
        return []
    return [item.strip() for item in value.split(sep) if item.strip()]
```''',
        check=dict(
            kind="python_tests",
            entry_point="env_list",
            tests=r"""assert env_list("a, b,,c ") == ["a", "b", "c"]
assert env_list(None) == []
assert env_list("") == []
assert env_list("x:y", sep=":") == ["x", "y"]
assert env_list(" solo ") == ["solo"]""",
        ),
    ),
    dict(
        id="coder-129",
        role="coder",
        user=r"""Write `expand_vars(text: str, env: dict) -> str` that substitutes `${NAME}` and `${NAME:-fallback}` (NAME = letters, digits, underscore; not starting with a digit). `${NAME}` uses env[NAME] and raises KeyError if NAME is missing; with `:-fallback` the fallback is used when NAME is missing or empty. Other text, including a bare `$`, is left alone.""",
        answer=r'''```python
import re

def expand_vars(text, env):
    def sub(m):
        name, fallback = m.groups()
        value = env.get(name)
        if fallback is not None and not value:
            return fallback
        if value is None:
            raise KeyError(name)
        return value
    return re.sub(r"\$\{([A-Za-z_]\w*)(?::-([^}]*))?\}", sub, text)
```''',
        check=dict(
            kind="python_tests",
            entry_point="expand_vars",
            tests=r"""env = {"HOST": "db", "PORT": "5432", "EMPTY": ""}
assert expand_vars("postgres://${HOST}:${PORT}/app", env) == "postgres://db:5432/app"
assert expand_vars("${USER:-guest} ${EMPTY:-x} ${HOST:-y}", env) == "guest x db"
assert expand_vars("cost: $5 ${EMPTY}!", env) == "cost: $5 !"
assert expand_vars("${MISSING:-}", env) == ""
try:
    expand_vars("${MISSING}", env)
except KeyError as e:
    assert "MISSING" in str(e)
else:
    raise AssertionError("expected KeyError")""",
        ),
    ),
    dict(
        id="coder-130",
        role="coder",
        user=r"""Write `config_from_env(env: dict[str, str], prefix: str) -> dict` that builds a nested config from variables starting with `prefix`: strip the prefix, lower-case the rest and split it on "__" into nested keys. E.g. with prefix "APP_", APP_DB__HOST=x becomes {"db": {"host": "x"}}. Values stay strings; other variables are ignored.""",
        answer=r'''```python
def config_from_env(env, prefix):
    config = {}
    for key, value in env.items():
        if not key.startswith(prefix):
            continue
        *parents, leaf = key[len(prefix):].lower().split("__")
        node = config
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return config
```''',
        check=dict(
            kind="python_tests",
            entry_point="config_from_env",
            tests=r"""env = {"APP_DB__HOST": "db", "APP_DB__PORT": "5432", "APP_DEBUG": "1", "PATH": "/bin", "APP_CACHE__REDIS__URL": "redis://r"}
assert config_from_env(env, "APP_") == {"db": {"host": "db", "port": "5432"}, "debug": "1", "cache": {"redis": {"url": "redis://r"}}}
assert config_from_env(env, "NOPE_") == {}
assert config_from_env({}, "APP_") == {}
assert config_from_env({"X_LOG_LEVEL": "info"}, "X_") == {"log_level": "info"}""",
        ),
    ),
    dict(
        id="coder-131",
        role="coder",
        user=r"""At startup we validate config. Write `missing_keys(config: dict, required: list[str]) -> list[str]` where each required key is a dotted path like "db.host". Return the paths that are absent or whose value is None, in the order given.""",
        answer=r'''```python
def missing_keys(config, required):
    missing = []
    for dotted in required:
        node = config
        for part in dotted.split("."):
            if not isinstance(node, dict) or node.get(part) is None:
                missing.append(dotted)
                break
            node = node[part]
    return missing
```''',
        check=dict(
            kind="python_tests",
            entry_point="missing_keys",
            tests=r"""cfg = {"db": {"host": "x", "port": None}, "name": "svc", "debug": False, "flat": 3}
assert missing_keys(cfg, ["db.host", "db.port", "db.user", "name", "debug"]) == ["db.port", "db.user"]
assert missing_keys(cfg, ["flat.sub", "cache.ttl"]) == ["flat.sub", "cache.ttl"]
assert missing_keys(cfg, []) == []
assert missing_keys({}, ["a"]) == ["a"]""",
        ),
    ),
    dict(
        id="coder-132",
        role="coder",
        user=r"""Write `parse_ini(text: str) -> dict[str, dict[str, str]]` using the standard library's configparser. Keep the case of keys, disable % interpolation, and return one dict per section (values from [DEFAULT] are inherited as configparser does).""",
        answer=r'''```python
import configparser

def parse_ini(text):
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read_string(text)
    return {name: dict(parser[name]) for name in parser.sections()}
```
Overriding `optionxform` stops configparser from lower-casing keys.''',
        check=dict(
            kind="python_tests",
            entry_point="parse_ini",
            tests=r"""text = "[DEFAULT]\nTimeout = 30\n\n[server]\nHost = example.com\nformat = %(levelname)s\n\n[client]\nretries=3\n"
r = parse_ini(text)
assert r["server"] == {"Host": "example.com", "format": "%(levelname)s", "Timeout": "30"}
assert r["client"] == {"retries": "3", "Timeout": "30"}
assert list(r) == ["server", "client"]
assert parse_ini("") == {}""",
        ),
    ),
    dict(
        id="coder-133",
        role="coder",
        user=r"""Before logging the effective config we must hide secrets. Write `redact_config(value)` that returns a copy where every dict entry whose key contains "password", "secret", "token" or "api_key" (case-insensitive) has its value replaced by "***". Recurse into nested dicts and lists; other values are returned as is.""",
        answer=r'''```python
SENSITIVE = ("password", "secret", "token", "api_key")

def redact_config(value):
    if isinstance(value, dict):
        return {
            k: "***" if any(s in str(k).lower() for s in SENSITIVE) else redact_config(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [redact_config(v) for v in value]
    return value
```''',
        check=dict(
            kind="python_tests",
            entry_point="redact_config",
            tests=r"""cfg = {"db": {"user": "app", "Password": "pw"}, "API_KEY": "k", "hooks": [{"url": "u", "secret_token": "s"}], "port": 80}
assert redact_config(cfg) == {"db": {"user": "app", "Password": "***"}, "API_KEY": "***", "hooks": [{"url": "u", "secret_token": "***"}], "port": 80}
assert cfg["db"]["Password"] == "pw"
assert redact_config([1, "x"]) == [1, "x"]
assert redact_config({"tokens": {"a": 1}}) == {"tokens": "***"}""",
        ),
    ),
    dict(
        id="coder-134",
        role="coder",
        user=r"""Write `parse_flags(spec: str) -> dict[str, bool]` for a FEATURES setting like "beta, -legacy, +search". A name with "-" prefix is off, with "+" or no prefix it is on. Whitespace and empty items are ignored; later entries win.""",
        answer=r'''```python
def parse_flags(spec):
    flags = {}
    for item in spec.split(","):
        item = item.strip()
        if not item:
            continue
        if item[0] in "+-":
            flags[item[1:].strip()] = item[0] == "+"
        else:
            flags[item] = True
    return flags
```''',
        check=dict(
            kind="python_tests",
            entry_point="parse_flags",
            tests=r"""assert parse_flags("beta, -legacy, +search") == {"beta": True, "legacy": False, "search": True}
assert parse_flags("") == {}
assert parse_flags("a,,-a") == {"a": False}
assert parse_flags(" x , -y ,") == {"x": True, "y": False}""",
        ),
    ),
    # ------------------------------------------------------------------ HTTP and URLs
    dict(
        id="coder-135",
        role="coder",
        user=r"""Write `build_query(params: dict) -> str` for our API client: keys in sorted order, None values skipped, list/tuple values repeated as key=v1&key=v2 (None items skipped), booleans written as "true"/"false", everything URL-encoded (spaces as "+").""",
        answer=r'''```python
from urllib.parse import urlencode

def build_query(params):
    pairs = []
    for key in sorted(params):
        value = params[key]
        values = value if isinstance(value, (list, tuple)) else [value]
        for v in values:
            if v is None:
                continue
            if isinstance(v, bool):
                v = "true" if v else "false"
            pairs.append((key, v))
    return urlencode(pairs)
```''',
        check=dict(
            kind="python_tests",
            entry_point="build_query",
            tests=r"""assert build_query({"q": "a b", "page": 2, "tag": ["x", "y"], "debug": None, "raw": True}) == "page=2&q=a+b&raw=true&tag=x&tag=y"
assert build_query({}) == ""
assert build_query({"f": False, "ids": (1, None, 3)}) == "f=false&ids=1&ids=3"
assert build_query({"next": "/a?b=c&d"}) == "next=%2Fa%3Fb%3Dc%26d"
""",
        ),
    ),
    dict(
        id="coder-136",
        role="coder",
        user=r"""Write `status_class(code: int) -> str` returning "1xx", "2xx", "3xx", "4xx" or "5xx" for an HTTP status code. Raise ValueError for codes outside 100-599.""",
        answer=r'''```python
def status_class(code):
    if not 100 <= code <= 599:
        raise ValueError(f"invalid HTTP status: {code}")
    return f"{code // 100}xx"
```''',
        check=dict(
            kind="python_tests",
            entry_point="status_class",
            tests=r"""assert status_class(200) == "2xx"
assert status_class(404) == "4xx"
assert status_class(599) == "5xx" and status_class(100) == "1xx"
for bad in (99, 600, 0):
    try:
        status_class(bad)
    except ValueError:
        pass
    else:
        raise AssertionError(bad)""",
        ),
    ),
    dict(
        id="coder-137",
        role="coder",
        user=r"""Write `is_retryable(status: int, method: str) -> bool` for the HTTP client. 429 is always retryable. 408, 500, 502, 503 and 504 are retryable only for idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS; method is case-insensitive). Everything else is not.""",
        answer=r'''```python
def is_retryable(status, method):
    if status == 429:
        return True
    idempotent = method.upper() in {"GET", "HEAD", "PUT", "DELETE", "OPTIONS"}
    return idempotent and status in {408, 500, 502, 503, 504}
```
Retrying a POST after a 5xx could apply it twice, so only idempotent methods are retried there.''',
        check=dict(
            kind="python_tests",
            entry_point="is_retryable",
            tests=r"""assert is_retryable(503, "get")
assert not is_retryable(503, "POST")
assert is_retryable(429, "POST")
assert not is_retryable(501, "GET") and not is_retryable(404, "GET")
assert is_retryable(408, "PUT")
assert not is_retryable(200, "GET")""",
        ),
    ),
    dict(
        id="coder-138",
        role="coder",
        user=r"""Write `retry_after_seconds(value: str | None, now: datetime) -> int | None` for the Retry-After header. It is either a number of seconds ("120") or an HTTP date ("Wed, 01 May 2024 12:00:00 GMT"); `now` is an aware UTC datetime. Return the seconds to wait (a date in the past gives 0) and None for a missing or unparseable value.""",
        answer=r'''```python
from email.utils import parsedate_to_datetime

def retry_after_seconds(value, now):
    if not value or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return int(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0, int((when - now).total_seconds()))
```''',
        check=dict(
            kind="python_tests",
            entry_point="retry_after_seconds",
            tests=r"""from datetime import datetime, timezone
now = datetime(2024, 5, 1, 11, 58, 30, tzinfo=timezone.utc)
assert retry_after_seconds("120", now) == 120
assert retry_after_seconds(" 0 ", now) == 0
assert retry_after_seconds("Wed, 01 May 2024 12:00:00 GMT", now) == 90
assert retry_after_seconds("Wed, 01 May 2024 11:00:00 GMT", now) == 0
assert retry_after_seconds(None, now) is None and retry_after_seconds("", now) is None
assert retry_after_seconds("soon", now) is None""",
        ),
    ),
    dict(
        id="coder-139",
        role="coder",
        user=r"""Write `parse_headers(raw: str) -> dict[str, str]` for a raw HTTP header block (lines end in "\r\n" or "\n", it may start with a status line). Split each line on the first ":", lower-case the name, strip both sides, and join repeated headers with ", ". Ignore lines without a colon.""",
        answer=r'''```python
def parse_headers(raw):
    headers = {}
    for line in raw.splitlines():
        name, sep, value = line.partition(":")
        name = name.strip().lower()
        if not sep or not name:
            continue
        value = value.strip()
        headers[name] = f"{headers[name]}, {value}" if name in headers else value
    return headers
```''',
        check=dict(
            kind="python_tests",
            entry_point="parse_headers",
            tests=r"""raw = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nHost: example.com:8080\r\nAccept: a\r\naccept:  b \r\n\r\n"
assert parse_headers(raw) == {"content-type": "text/html", "host": "example.com:8080", "accept": "a, b"}
assert parse_headers("") == {}
assert parse_headers("X-Empty:\n") == {"x-empty": ""}""",
        ),
    ),
    dict(
        id="coder-140",
        role="coder",
        user=r"""Write `parse_content_type(value: str) -> tuple[str, dict[str, str]]`: split a Content-Type header into the lower-cased media type and its parameters (names lower-cased, values stripped of whitespace and surrounding double quotes). Parameters without "=" are ignored.""",
        answer=r'''```python
def parse_content_type(value):
    mime, *params = value.split(";")
    out = {}
    for param in params:
        key, sep, val = param.partition("=")
        if sep:
            out[key.strip().lower()] = val.strip().strip('"')
    return mime.strip().lower(), out
```''',
        check=dict(
            kind="python_tests",
            entry_point="parse_content_type",
            tests=r"""assert parse_content_type("text/HTML; charset=UTF-8") == ("text/html", {"charset": "UTF-8"})
assert parse_content_type("application/json") == ("application/json", {})
assert parse_content_type('multipart/form-data; Boundary="abc 123"') == ("multipart/form-data", {"boundary": "abc 123"})
assert parse_content_type("text/plain; junk; a=1") == ("text/plain", {"a": "1"})""",
        ),
    ),
    dict(
        id="coder-141",
        role="coder",
        user=r"""Write `url_join(base: str, *segments: str) -> str` that appends path segments to a base URL with exactly one "/" between parts, e.g. url_join("https://api.x.io/", "/v1/", "users") -> "https://api.x.io/v1/users". Segments that are empty (or only slashes) are skipped.""",
        answer=r'''```python
def url_join(base, *segments):
    parts = [base.rstrip("/")]
    parts += [s.strip("/") for s in segments if s.strip("/")]
    return "/".join(parts)
```
Unlike `urllib.parse.urljoin`, this never drops the last path segment of the base.''',
        check=dict(
            kind="python_tests",
            entry_point="url_join",
            tests=r"""assert url_join("https://api.x.io/", "/v1/", "users") == "https://api.x.io/v1/users"
assert url_join("https://api.x.io/base", "items", "42") == "https://api.x.io/base/items/42"
assert url_join("https://api.x.io", "", "/", "a/b/") == "https://api.x.io/a/b"
assert url_join("https://api.x.io/") == "https://api.x.io"
""",
        ),
    ),
    dict(
        id="coder-142",
        role="coder",
        user=r"""Write `set_query_param(url: str, key: str, value) -> str` that sets one query parameter: existing occurrences of `key` are removed and `key=value` is appended at the end; other parameters keep their order and the fragment is preserved. Use urllib.parse.""",
        answer=r'''```python
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

def set_query_param(url, key, value):
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != key]
    query.append((key, str(value)))
    return urlunsplit(parts._replace(query=urlencode(query)))
```''',
        check=dict(
            kind="python_tests",
            entry_point="set_query_param",
            tests=r"""assert set_query_param("https://x.io/s?q=a&page=1#top", "page", 2) == "https://x.io/s?q=a&page=2#top"
assert set_query_param("https://x.io/s", "q", "a b") == "https://x.io/s?q=a+b"
assert set_query_param("https://x.io/s?page=1&q=a&page=3", "page", 9) == "https://x.io/s?q=a&page=9"
assert set_query_param("/rel?x=", "y", 1) == "/rel?x=&y=1"
""",
        ),
    ),
    dict(
        id="coder-143",
        role="coder",
        user=r"""The CMS needs unique post URLs. Write `unique_slug(title: str, taken: set[str]) -> str`: lower-case the title, replace each run of characters other than a-z and 0-9 with "-", strip "-" from the ends (use "untitled" if nothing is left). If the slug is in `taken`, append "-2", "-3", ... until it is free.""",
        answer=r'''```python
import re

def unique_slug(title, taken):
    base = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "untitled"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
```''',
        check=dict(
            kind="python_tests",
            entry_point="unique_slug",
            tests=r"""assert unique_slug("Hello, World!", set()) == "hello-world"
assert unique_slug("Hello, World!", {"hello-world"}) == "hello-world-2"
assert unique_slug("Hello World", {"hello-world", "hello-world-2"}) == "hello-world-3"
assert unique_slug("!!!", set()) == "untitled"
assert unique_slug("  Rust & Go: 2024  ", set()) == "rust-go-2024"
""",
        ),
    ),
    dict(
        id="coder-144",
        role="coder",
        user=r"""The GitHub-style API paginates with a Link header such as `<https://api.x.io/items?page=2>; rel="next", <https://api.x.io/items?page=9>; rel="last"`. Write `parse_link_header(value: str) -> dict[str, str]` mapping each rel to its URL. The rel value may be quoted or not and may list several space-separated rels.""",
        answer=r'''```python
import re

def parse_link_header(value):
    links = {}
    for url, params in re.findall(r"<([^>]*)>([^,]*)", value):
        m = re.search(r'rel\s*=\s*"?([^";]+)"?', params)
        if m:
            for rel in m.group(1).split():
                links[rel] = url
    return links
```
Matching the URL inside angle brackets first keeps commas in URLs from breaking the split.''',
        check=dict(
            kind="python_tests",
            entry_point="parse_link_header",
            tests=r"""v = '<https://api.x.io/items?page=2>; rel="next", <https://api.x.io/items?page=9>; rel="last"'
assert parse_link_header(v) == {"next": "https://api.x.io/items?page=2", "last": "https://api.x.io/items?page=9"}
assert parse_link_header("<https://a.io/?p=1>; rel=prev") == {"prev": "https://a.io/?p=1"}
assert parse_link_header('<https://a.io/x,y>; title="t"; rel="first prev"') == {"first": "https://a.io/x,y", "prev": "https://a.io/x,y"}
assert parse_link_header("") == {}""",
        ),
    ),
    dict(
        id="coder-145",
        role="coder",
        user=r"""Write `strip_tracking(url: str) -> str` that removes tracking query parameters: any name starting with "utm_" (case-insensitive) plus "fbclid" and "gclid". Keep other parameters in order, drop the "?" if none remain, and keep the fragment.""",
        answer=r'''```python
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

def strip_tracking(url):
    parts = urlsplit(url)
    kept = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith("utm_") and k.lower() not in ("fbclid", "gclid")
    ]
    return urlunsplit(parts._replace(query=urlencode(kept)))
```''',
        check=dict(
            kind="python_tests",
            entry_point="strip_tracking",
            tests=r"""assert strip_tracking("https://x.io/p?id=7&utm_source=nl&UTM_Medium=mail#s2") == "https://x.io/p?id=7#s2"
assert strip_tracking("https://x.io/p?fbclid=abc") == "https://x.io/p"
assert strip_tracking("https://x.io/p") == "https://x.io/p"
assert strip_tracking("https://x.io/p?a=1&gclid=z&b=") == "https://x.io/p?a=1&b="
""",
        ),
    ),
    dict(
        id="coder-146",
        role="coder",
        user=r"""Write `basic_auth_header(user: str, password: str) -> str` returning the HTTP Basic Authorization value "Basic <base64 of user:password>" (UTF-8). Raise ValueError if the user name contains ":".""",
        answer=r'''```python
import base64

def basic_auth_header(user, password):
    if ":" in user:
        raise ValueError("user name must not contain ':'")
    token = base64.b64encode(f"{user}:{password}".encode("utf-8")).decode("ascii")
    return f"Basic {token}"
```''',
        check=dict(
            kind="python_tests",
            entry_point="basic_auth_header",
            tests=r"""assert basic_auth_header("aladdin", "opensesame") == "Basic YWxhZGRpbjpvcGVuc2VzYW1l"
assert basic_auth_header("u", "") == "Basic dTo="
assert basic_auth_header("u", "p:w") == "Basic dTpwOnc="
try:
    basic_auth_header("a:b", "x")
except ValueError:
    pass
else:
    raise AssertionError("expected ValueError")""",
        ),
    ),
    dict(
        id="coder-147",
        role="coder",
        user=r"""Write `parse_cookie(header: str) -> dict[str, str]` for a Cookie request header like "sid=abc; theme=dark". Items are separated by ";", whitespace is stripped, items without "=" are skipped, double quotes around a value are removed, and the first occurrence of a name wins.""",
        answer=r'''```python
def parse_cookie(header):
    cookies = {}
    for item in header.split(";"):
        name, sep, value = item.strip().partition("=")
        if sep and name and name not in cookies:
            cookies[name] = value.strip().strip('"')
    return cookies
```''',
        check=dict(
            kind="python_tests",
            entry_point="parse_cookie",
            tests=r"""assert parse_cookie("sid=abc; theme=dark") == {"sid": "abc", "theme": "dark"}
assert parse_cookie('a="q v"; flag; a=2') == {"a": "q v"}
assert parse_cookie("") == {}
assert parse_cookie("tok=x=y;") == {"tok": "x=y"}""",
        ),
    ),
    dict(
        id="coder-148",
        role="coder",
        user=r"""Write `host_of(url: str) -> str | None` returning the lower-cased host name of a URL without port or credentials, or None when the URL has no host (e.g. a relative path).""",
        answer=r'''```python
from urllib.parse import urlsplit

def host_of(url):
    return urlsplit(url).hostname
```
`hostname` already lower-cases the host and strips the port, user info and IPv6 brackets.''',
        check=dict(
            kind="python_tests",
            entry_point="host_of",
            tests=r"""assert host_of("HTTPS://User:pw@API.Example.com:8443/x?y=1") == "api.example.com"
assert host_of("/relative/path") is None
assert host_of("http://[::1]:8080/") == "::1"
assert host_of("ftp://files.example.org") == "files.example.org"
""",
        ),
    ),
    # ------------------------------------------------------------------ numbers and money
    dict(
        id="coder-149",
        role="coder",
        user=r"""Billing rounds amounts half-up to cents. Write `round_money(amount) -> Decimal` accepting a str, int, float or Decimal and returning a Decimal with exactly two decimal places (ROUND_HALF_UP). Floats must be converted via their string form so 2.675 rounds to 2.68.""",
        answer=r'''```python
from decimal import Decimal, ROUND_HALF_UP

def round_money(amount):
    return Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
```''',
        check=dict(
            kind="python_tests",
            entry_point="round_money",
            tests=r"""from decimal import Decimal
assert round_money("2.675") == Decimal("2.68")
assert round_money(2.675) == Decimal("2.68")
assert round_money("-1.005") == Decimal("-1.01")
assert str(round_money(3)) == "3.00"
assert round_money(Decimal("0.004")) == Decimal("0.00")""",
        ),
    ),
    dict(
        id="coder-150",
        role="coder",
        user=r"""Write `percent_change(old: float, new: float) -> float | None` returning the change from old to new in percent, rounded to one decimal, measured against abs(old). Return None when old is 0.""",
        answer=r'''```python
def percent_change(old, new):
    if old == 0:
        return None
    return round((new - old) / abs(old) * 100, 1)
```''',
        check=dict(
            kind="python_tests",
            entry_point="percent_change",
            tests=r"""assert percent_change(50, 75) == 50.0
assert percent_change(200, 150) == -25.0
assert percent_change(0, 5) is None
assert percent_change(3, 4) == 33.3
assert percent_change(-10, -5) == 50.0""",
        ),
    ),
    dict(
        id="coder-151",
        role="coder",
        user=r"""Write `format_cents(cents: int, symbol: str = "$") -> str` that formats an integer amount of cents with thousands separators: 123456 -> "$1,234.56", -500 -> "-$5.00".""",
        answer=r'''```python
def format_cents(cents, symbol="$"):
    sign = "-" if cents < 0 else ""
    units, rest = divmod(abs(cents), 100)
    return f"{sign}{symbol}{units:,}.{rest:02d}"
```
Working in integer cents avoids float rounding entirely.''',
        check=dict(
            kind="python_tests",
            entry_point="format_cents",
            tests=r"""assert format_cents(123456) == "$1,234.56"
assert format_cents(-500) == "-$5.00"
assert format_cents(0) == "$0.00"
assert format_cents(7, "€") == "€0.07"
assert format_cents(100000000) == "$1,000,000.00"
""",
        ),
    ),
    dict(
        id="coder-152",
        role="coder",
        user=r"""Write `luhn_valid(number: str) -> bool` to pre-validate card numbers with the Luhn checksum. Spaces and dashes are ignored; any other non-digit character, or fewer than 2 digits, makes it invalid.""",
        answer=r'''```python
def luhn_valid(number):
    digits = number.replace(" ", "").replace("-", "")
    if len(digits) < 2 or not all(c in "0123456789" for c in digits):
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0
```
Every second digit from the right is doubled, subtracting 9 when the result exceeds 9.''',
        check=dict(
            kind="python_tests",
            entry_point="luhn_valid",
            tests=r"""assert luhn_valid("79927398713")
assert not luhn_valid("79927398710")
assert luhn_valid("4539 1488 0343 6467")
assert luhn_valid("4539-1488-0343-6467")
assert not luhn_valid("4539 1488 0343 646x")
assert not luhn_valid("0") and not luhn_valid("")""",
        ),
    ),
    dict(
        id="coder-153",
        role="coder",
        user=r"""Write `luhn_check_digit(partial: str) -> str` returning the single digit that, appended to the digit string `partial`, makes the whole number pass the Luhn check.""",
        answer=r'''```python
def luhn_check_digit(partial):
    total = 0
    for i, ch in enumerate(reversed(partial)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return str(-total % 10)
```
Once the check digit is appended, the rightmost digit of `partial` becomes a doubled position, hence `i % 2 == 0`.''',
        check=dict(
            kind="python_tests",
            entry_point="luhn_check_digit",
            tests=r"""assert luhn_check_digit("7992739871") == "3"
assert luhn_check_digit("453914880343646") == "7"
assert luhn_check_digit("0") == "0"
assert luhn_check_digit("5") == "9"
assert luhn_check_digit("") == "0"
""",
        ),
    ),
    dict(
        id="coder-154",
        role="coder",
        user=r"""Write `to_base(n: int, base: int) -> str` that renders an integer in any base from 2 to 36 using digits 0-9 then lowercase a-z, with a leading "-" for negatives. Raise ValueError for an invalid base.""",
        answer=r'''```python
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"

def to_base(n, base):
    if not 2 <= base <= 36:
        raise ValueError("base must be in 2..36")
    if n == 0:
        return "0"
    sign, n = ("-", -n) if n < 0 else ("", n)
    out = []
    while n:
        n, r = divmod(n, base)
        out.append(DIGITS[r])
    return sign + "".join(reversed(out))
```''',
        check=dict(
            kind="python_tests",
            entry_point="to_base",
            tests=r"""assert to_base(255, 16) == "ff"
assert to_base(0, 2) == "0"
assert to_base(-10, 2) == "-1010"
assert to_base(35, 36) == "z"
assert all(int(to_base(n, b), b) == n for n in (-999, 1, 12345, 2**40) for b in (2, 7, 16, 36))
try:
    to_base(5, 1)
except ValueError:
    pass
else:
    raise AssertionError("expected ValueError")""",
        ),
    ),
    dict(
        id="coder-155",
        role="coder",
        user=r"""Write `median(values: list[float]) -> float` without the statistics module: the middle value of the sorted data, or the mean of the two middle values for an even count. Raise ValueError for an empty list and do not modify the input.""",
        answer=r'''```python
def median(values):
    if not values:
        raise ValueError("median of empty list")
    s = sorted(values)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2
```''',
        check=dict(
            kind="python_tests",
            entry_point="median",
            tests=r"""data = [3, 1, 2]
assert median(data) == 2 and data == [3, 1, 2]
assert median([4, 1, 3, 2]) == 2.5
assert median([5]) == 5
assert median([-1.5, 2.5]) == 0.5
try:
    median([])
except ValueError:
    pass
else:
    raise AssertionError("expected ValueError")""",
        ),
    ),
    dict(
        id="coder-156",
        role="coder",
        user=r"""For latency SLOs we report p50/p95/p99 with the nearest-rank method. Write `percentile(values: list[float], p: float) -> float`: sort, take rank = ceil(p/100 * n) (at least 1) and return the value at that 1-based rank. Raise ValueError for empty input or p outside [0, 100].""",
        answer=r'''```python
import math

def percentile(values, p):
    if not values or not 0 <= p <= 100:
        raise ValueError("need values and 0 <= p <= 100")
    s = sorted(values)
    rank = max(1, math.ceil(p * len(s) / 100))
    return s[rank - 1]
```
Multiplying before dividing keeps cases like p=95, n=20 exact.''',
        check=dict(
            kind="python_tests",
            entry_point="percentile",
            tests=r"""data = list(range(20, 0, -1))
assert percentile(data, 95) == 19
assert percentile(data, 100) == 20
assert percentile(data, 0) == 1
assert percentile([15, 20, 35, 40, 50], 30) == 20
assert percentile([7], 99) == 7
for bad in (([], 50), ([1], 101), ([1], -1)):
    try:
        percentile(*bad)
    except ValueError:
        pass
    else:
        raise AssertionError(bad)""",
        ),
    ),
    dict(
        id="coder-157",
        role="coder",
        user=r"""Write `split_evenly(total_cents: int, n: int) -> list[int]` splitting a bill between n people: the parts sum to the total, differ by at most one cent, and larger parts come first. Raise ValueError if n < 1.""",
        answer=r'''```python
def split_evenly(total_cents, n):
    if n < 1:
        raise ValueError("n must be >= 1")
    base, extra = divmod(total_cents, n)
    return [base + 1] * extra + [base] * (n - extra)
```''',
        check=dict(
            kind="python_tests",
            entry_point="split_evenly",
            tests=r"""assert split_evenly(100, 3) == [34, 33, 33]
assert split_evenly(90, 3) == [30, 30, 30]
assert split_evenly(2, 4) == [1, 1, 0, 0]
assert split_evenly(0, 2) == [0, 0]
try:
    split_evenly(10, 0)
except ValueError:
    pass
else:
    raise AssertionError("expected ValueError")""",
        ),
    ),
    dict(
        id="coder-158",
        role="coder",
        user=r"""Write `apply_discount(price: Decimal, percent) -> Decimal` returning the price after a percentage discount, rounded half-up to cents. `percent` may be an int, float or Decimal and must be within 0-100, otherwise raise ValueError.""",
        answer=r'''```python
from decimal import Decimal, ROUND_HALF_UP

def apply_discount(price, percent):
    pct = Decimal(str(percent))
    if not 0 <= pct <= 100:
        raise ValueError("percent must be between 0 and 100")
    result = Decimal(price) * (100 - pct) / 100
    return result.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
```''',
        check=dict(
            kind="python_tests",
            entry_point="apply_discount",
            tests=r"""from decimal import Decimal
assert apply_discount(Decimal("19.99"), 10) == Decimal("17.99")
assert apply_discount(Decimal("10.00"), 12.5) == Decimal("8.75")
assert apply_discount(Decimal("0.05"), 50) == Decimal("0.03")
assert apply_discount(Decimal("80"), 100) == Decimal("0.00")
try:
    apply_discount(Decimal("1"), 150)
except ValueError:
    pass
else:
    raise AssertionError("expected ValueError")""",
        ),
    ),
    dict(
        id="coder-159",
        role="coder",
        user=r"""Revenue must be split between partners by integer weights without losing a cent. Write `allocate(total_cents: int, weights: list[int]) -> list[int]` using the largest-remainder method: give each floor(total*w/sum), then hand the leftover cents one each to the largest remainders (ties go to the earlier index). Raise ValueError for negative weights or a zero sum.""",
        answer=r'''```python
def allocate(total_cents, weights):
    total_w = sum(weights)
    if any(w < 0 for w in weights) or total_w <= 0:
        raise ValueError("weights must be non-negative with a positive sum")
    shares = [total_cents * w // total_w for w in weights]
    rems = [total_cents * w % total_w for w in weights]
    order = sorted(range(len(weights)), key=lambda i: -rems[i])
    for i in order[: total_cents - sum(shares)]:
        shares[i] += 1
    return shares
```
`sorted` is stable, so equal remainders keep index order.''',
        check=dict(
            kind="python_tests",
            entry_point="allocate",
            tests=r"""assert allocate(100, [1, 1, 1]) == [34, 33, 33]
assert allocate(1000, [50, 30, 20]) == [500, 300, 200]
assert allocate(5, [1, 2]) == [2, 3]
assert allocate(7, [0, 1]) == [0, 7]
assert sum(allocate(9999, [3, 7, 11, 13])) == 9999
for bad in ([0, 0], [2, -1]):
    try:
        allocate(10, bad)
    except ValueError:
        pass
    else:
        raise AssertionError(bad)""",
        ),
    ),
    dict(
        id="coder-160",
        role="coder",
        user=r"""Write `compound(principal, rate_pct, years: int, periods: int = 12) -> Decimal` computing principal * (1 + rate_pct/100/periods) ** (periods*years) with Decimal arithmetic (convert inputs via str), rounded half-up to cents.""",
        answer=r'''```python
from decimal import Decimal, ROUND_HALF_UP

def compound(principal, rate_pct, years, periods=12):
    r = Decimal(str(rate_pct)) / 100 / periods
    amount = Decimal(str(principal)) * (1 + r) ** (periods * years)
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
```''',
        check=dict(
            kind="python_tests",
            entry_point="compound",
            tests=r"""from decimal import Decimal
assert compound(1000, 0, 5) == Decimal("1000.00")
assert compound(1000, 12, 1, periods=1) == Decimal("1120.00")
assert compound(1000, 10, 2, periods=1) == Decimal("1210.00")
assert compound(1000, 12, 1) == Decimal("1126.83")
assert compound("2500.50", 3.5, 0) == Decimal("2500.50")""",
        ),
    ),
    dict(
        id="coder-161",
        role="coder",
        user=r"""Payouts need IBAN validation. Write `iban_valid(iban: str) -> bool`: remove spaces and upper-case; require 15-34 ASCII letters/digits, two letters then two digits at the start; move the first four characters to the end, replace letters by numbers (A=10 ... Z=35) and check that the resulting integer mod 97 equals 1.""",
        answer=r'''```python
def iban_valid(iban):
    s = iban.replace(" ", "").upper()
    if not (15 <= len(s) <= 34 and s.isascii() and s.isalnum()):
        return False
    if not (s[:2].isalpha() and s[2:4].isdigit()):
        return False
    digits = "".join(str(int(c, 36)) for c in s[4:] + s[:4])
    return int(digits) % 97 == 1
```
`int(c, 36)` maps "0"-"9" to themselves and "A"-"Z" to 10-35.''',
        check=dict(
            kind="python_tests",
            entry_point="iban_valid",
            tests=r"""assert iban_valid("GB82 WEST 1234 5698 7654 32")
assert iban_valid("de89370400440532013000")
assert not iban_valid("GB82 WEST 1234 5698 7654 33")
assert not iban_valid("GB82")
assert not iban_valid("1282 WEST 1234 5698 7654 32")
assert not iban_valid("GB82-WEST-1234-5698-7654-32")""",
        ),
    ),
    dict(
        id="coder-162",
        role="coder",
        user=r"""Write `summarize(values: list[float]) -> dict` returning {"count", "min", "max", "mean"} where mean is rounded to 2 decimals. For an empty list return count 0 and None for the others.""",
        answer=r'''```python
def summarize(values):
    if not values:
        return {"count": 0, "min": None, "max": None, "mean": None}
    return {
        "count": len(values),
        "min": min(values),
        "max": max(values),
        "mean": round(sum(values) / len(values), 2),
    }
```''',
        check=dict(
            kind="python_tests",
            entry_point="summarize",
            tests=r"""assert summarize([3, 1, 2]) == {"count": 3, "min": 1, "max": 3, "mean": 2.0}
assert summarize([]) == {"count": 0, "min": None, "max": None, "mean": None}
assert summarize([1, 2]) == {"count": 2, "min": 1, "max": 2, "mean": 1.5}
assert summarize([1, 1, 2])["mean"] == 1.33""",
        ),
    ),
    dict(
        id="coder-163",
        role="coder",
        user=r"""Write `ean13_check_digit(code: str) -> int` for 12-digit product codes: weight the digits 1, 3, 1, 3, ... from the left, and return (10 - total % 10) % 10. Raise ValueError unless `code` is exactly 12 ASCII digits.""",
        answer=r'''```python
def ean13_check_digit(code):
    if len(code) != 12 or not all(c in "0123456789" for c in code):
        raise ValueError("expected 12 digits")
    total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(code))
    return (10 - total % 10) % 10
```''',
        check=dict(
            kind="python_tests",
            entry_point="ean13_check_digit",
            tests=r"""assert ean13_check_digit("400638133393") == 1
assert ean13_check_digit("590123412345") == 7
assert ean13_check_digit("000000000000") == 0
for bad in ("12345", "40063813339X", "4006381333931"):
    try:
        ean13_check_digit(bad)
    except ValueError:
        pass
    else:
        raise AssertionError(bad)""",
        ),
    ),
    # ------------------------------------------------------------------ iterators and control flow
    dict(
        id="coder-164",
        role="coder",
        user=r"""Write a generator `batched(iterable, n: int)` that yields tuples of up to n consecutive items from any iterable (including infinite generators), lazily. The last tuple may be shorter. Raise ValueError if n < 1 (when iteration starts is fine).""",
        answer=r'''```python
from itertools import islice

def batched(iterable, n):
    if n < 1:
        raise ValueError("n must be >= 1")
    it = iter(iterable)
    while batch := tuple(islice(it, n)):
        yield batch
```''',
        check=dict(
            kind="python_tests",
            entry_point="batched",
            tests=r"""import itertools
assert list(batched(range(7), 3)) == [(0, 1, 2), (3, 4, 5), (6,)]
assert list(batched([], 2)) == []
assert next(batched(itertools.count(), 3)) == (0, 1, 2)
assert list(batched((c for c in "abcd"), 2)) == [("a", "b"), ("c", "d")]
try:
    list(batched([1], 0))
except ValueError:
    pass
else:
    raise AssertionError("expected ValueError")""",
        ),
    ),
    dict(
        id="coder-165",
        role="coder",
        user=r"""Write `retry(fn, attempts=3, base_delay=1.0, retry_on=(Exception,), sleep=time.sleep)`. Call fn() and return its result. If it raises an exception of a type in `retry_on`, call sleep(base_delay * 2**i) after the i-th failure (i from 0) and try again, up to `attempts` calls in total; re-raise the last error. Other exceptions propagate immediately. `sleep` is injectable for tests.""",
        answer=r'''```python
import time

def retry(fn, attempts=3, base_delay=1.0, retry_on=(Exception,), sleep=time.sleep):
    for i in range(attempts):
        try:
            return fn()
        except retry_on:
            if i == attempts - 1:
                raise
            sleep(base_delay * 2 ** i)
```''',
        check=dict(
            kind="python_tests",
            entry_point="retry",
            tests=r"""slept = []
calls = iter([ConnectionError("a"), ConnectionError("b"), "ok"])
def flaky():
    r = next(calls)
    if isinstance(r, Exception):
        raise r
    return r
assert retry(flaky, base_delay=0.5, sleep=slept.append) == "ok" and slept == [0.5, 1.0]
slept.clear()
def boom():
    raise TimeoutError("t")
try:
    retry(boom, attempts=3, sleep=slept.append)
except TimeoutError:
    assert slept == [1.0, 2.0]
else:
    raise AssertionError("expected TimeoutError")
slept.clear()
def bad():
    raise ValueError("v")
try:
    retry(bad, retry_on=(ConnectionError,), sleep=slept.append)
except ValueError:
    assert slept == []
else:
    raise AssertionError("expected ValueError")""",
        ),
    ),
    dict(
        id="coder-166",
        role="coder",
        user=r"""Write a decorator `memoize(fn)` that caches results keyed by the positional arguments (assume they are hashable), including results that are None. Expose the cache dict as `wrapper.cache` and keep the wrapped function's name.""",
        answer=r'''```python
import functools

def memoize(fn):
    cache = {}

    @functools.wraps(fn)
    def wrapper(*args):
        if args not in cache:
            cache[args] = fn(*args)
        return cache[args]

    wrapper.cache = cache
    return wrapper
```
Testing membership instead of the value means a cached None is not recomputed.''',
        check=dict(
            kind="python_tests",
            entry_point="memoize",
            tests=r"""calls = []
@memoize
def slow_square(x):
    calls.append(x)
    return x * x
assert slow_square(4) == 16 and slow_square(4) == 16 and calls == [4]
assert slow_square(5) == 25 and calls == [4, 5]
assert slow_square.__name__ == "slow_square" and slow_square.cache == {(4,): 16, (5,): 25}
nones = []
@memoize
def nothing(x):
    nones.append(x)
nothing(1); nothing(1)
assert nones == [1]""",
        ),
    ),
    dict(
        id="coder-167",
        role="coder",
        user=r"""Write `allow_requests(timestamps: list[float], limit: int, window: float) -> list[bool]`, a sliding-window rate limiter. Timestamps are non-decreasing. A request at time t is allowed if fewer than `limit` previously allowed requests have timestamps in (t - window, t]; rejected requests do not count. Return one bool per request.""",
        answer=r'''```python
from collections import deque

def allow_requests(timestamps, limit, window):
    recent = deque()
    result = []
    for t in timestamps:
        while recent and recent[0] <= t - window:
            recent.popleft()
        ok = len(recent) < limit
        if ok:
            recent.append(t)
        result.append(ok)
    return result
```
The deque holds only allowed requests still inside the window, so each check is amortised O(1).''',
        check=dict(
            kind="python_tests",
            entry_point="allow_requests",
            tests=r"""assert allow_requests([0, 1, 2, 3, 10, 10.5], 3, 10) == [True, True, True, False, True, False]
assert allow_requests([0, 0, 0], 2, 1) == [True, True, False]
assert allow_requests([], 5, 1) == []
assert allow_requests([0, 1, 2, 3], 1, 1) == [True, True, True, True]
assert allow_requests([0, 0.5, 0.9, 1.0], 1, 1) == [True, False, False, True]""",
        ),
    ),
    dict(
        id="coder-168",
        role="coder",
        user=r"""Simulate a trailing-edge debounce. Write `debounce(events: list[tuple[float, str]], wait: float) -> list[tuple[float, str]]`. Events are (time, value) sorted by time. Each event starts a timer of `wait` seconds that is cancelled if the next event arrives before it fires (next time < t + wait). Return the fired events as (t + wait, value).""",
        answer=r'''```python
def debounce(events, wait):
    fired = []
    for i, (t, value) in enumerate(events):
        last = i + 1 == len(events)
        if last or events[i + 1][0] >= t + wait:
            fired.append((t + wait, value))
    return fired
```
Only the next event can cancel a timer, so one look-ahead per event is enough.''',
        check=dict(
            kind="python_tests",
            entry_point="debounce",
            tests=r"""ev = [(0, "a"), (1, "ab"), (2, "abc"), (10, "x"), (20, "y")]
assert debounce(ev, 3) == [(5, "abc"), (13, "x"), (23, "y")]
assert debounce([], 1) == []
assert debounce([(0, "a"), (2, "b")], 2) == [(2, "a"), (4, "b")]
assert debounce([(0, "a"), (1, "b"), (2, "c")], 5) == [(7, "c")]""",
        ),
    ),
    dict(
        id="coder-169",
        role="coder",
        user=r"""Write `paginate(items: list, page: int, per_page: int) -> dict` for a list endpoint. Pages are 1-based. Return {"items": ..., "page": page, "pages": total pages (at least 1), "has_next": bool, "has_prev": bool}. A page past the end gets an empty item list. Raise ValueError if page or per_page is below 1.""",
        answer=r'''```python
def paginate(items, page, per_page):
    if page < 1 or per_page < 1:
        raise ValueError("page and per_page must be >= 1")
    pages = max(1, -(-len(items) // per_page))
    start = (page - 1) * per_page
    return {
        "items": items[start:start + per_page],
        "page": page,
        "pages": pages,
        "has_next": page < pages,
        "has_prev": page > 1,
    }
```''',
        check=dict(
            kind="python_tests",
            entry_point="paginate",
            tests=r"""items = list(range(1, 24))
assert paginate(items, 1, 10) == {"items": list(range(1, 11)), "page": 1, "pages": 3, "has_next": True, "has_prev": False}
assert paginate(items, 3, 10)["items"] == [21, 22, 23] and not paginate(items, 3, 10)["has_next"]
assert paginate(items, 5, 10)["items"] == []
assert paginate([], 1, 10) == {"items": [], "page": 1, "pages": 1, "has_next": False, "has_prev": False}
try:
    paginate(items, 0, 10)
except ValueError:
    pass
else:
    raise AssertionError("expected ValueError")""",
        ),
    ),
    dict(
        id="coder-170",
        role="coder",
        user=r"""Write `token_bucket(timestamps: list[float], rate: float, capacity: int) -> list[bool]`. The bucket starts full with `capacity` tokens and refills continuously at `rate` tokens per second, never above capacity. Each request (timestamps non-decreasing) takes one token if at least one is available; return whether each request was allowed.""",
        answer=r'''```python
def token_bucket(timestamps, rate, capacity):
    tokens, last, allowed = float(capacity), None, []
    for t in timestamps:
        if last is not None:
            tokens = min(capacity, tokens + (t - last) * rate)
        last = t
        ok = tokens >= 1
        if ok:
            tokens -= 1
        allowed.append(ok)
    return allowed
```''',
        check=dict(
            kind="python_tests",
            entry_point="token_bucket",
            tests=r"""assert token_bucket([0, 0, 0], 1, 2) == [True, True, False]
assert token_bucket([0, 0, 0, 1, 1], 1, 2) == [True, True, False, True, False]
assert token_bucket([0, 0, 100, 100, 100], 1, 2) == [True, True, True, True, False]
assert token_bucket([0, 0.5, 1.0, 1.5], 0.5, 1) == [True, False, False, False]
assert token_bucket([0, 2, 4], 0.5, 1) == [True, True, True]
assert token_bucket([], 1, 1) == []""",
        ),
    ),
    dict(
        id="coder-171",
        role="coder",
        user=r"""Write `first_match(iterable, pred, default=None)` returning the first item for which pred(item) is true, or `default`. It must stop consuming the iterable once a match is found.""",
        answer=r'''```python
def first_match(iterable, pred, default=None):
    return next((x for x in iterable if pred(x)), default)
```''',
        check=dict(
            kind="python_tests",
            entry_point="first_match",
            tests=r"""assert first_match([1, 4, 6, 7], lambda x: x % 2 == 0) == 4
assert first_match([], bool) is None
assert first_match([1, 3], lambda x: x > 5, default=-1) == -1
it = iter(range(10))
assert first_match(it, lambda x: x == 3) == 3 and next(it) == 4""",
        ),
    ),
    dict(
        id="coder-172",
        role="coder",
        user=r"""Write `throttle(times: list[float], interval: float) -> list[float]` simulating a leading-edge throttle: keep an event time if it is the first one or at least `interval` after the last kept time; drop the rest. Input is sorted.""",
        answer=r'''```python
def throttle(times, interval):
    kept = []
    for t in times:
        if not kept or t - kept[-1] >= interval:
            kept.append(t)
    return kept
```''',
        check=dict(
            kind="python_tests",
            entry_point="throttle",
            tests=r"""assert throttle([0, 0.2, 0.9, 1.0, 1.5, 2.1], 1) == [0, 1.0, 2.1]
assert throttle([], 1) == []
assert throttle([5], 10) == [5]
assert throttle([0, 1, 2], 0) == [0, 1, 2]""",
        ),
    ),
    dict(
        id="coder-173",
        role="coder",
        user=r"""Our API client fetches cursor-paginated results. Write `fetch_all(fetch_page, max_pages: int = 100) -> list`. `fetch_page(cursor)` returns (items, next_cursor); start with cursor None and stop when next_cursor is None, returning all items in order. If more than max_pages pages would be needed, raise RuntimeError.""",
        answer=r'''```python
def fetch_all(fetch_page, max_pages=100):
    items, cursor = [], None
    for _ in range(max_pages):
        page, cursor = fetch_page(cursor)
        items.extend(page)
        if cursor is None:
            return items
    raise RuntimeError(f"gave up after {max_pages} pages")
```
The page cap guards against a server that keeps returning a cursor forever.''',
        check=dict(
            kind="python_tests",
            entry_point="fetch_all",
            tests=r"""pages = {None: ([1, 2], "c1"), "c1": ([3], "c2"), "c2": ([], None)}
seen = []
def fetch(cursor):
    seen.append(cursor)
    return pages[cursor]
assert fetch_all(fetch) == [1, 2, 3] and seen == [None, "c1", "c2"]
assert fetch_all(lambda c: (["only"], None)) == ["only"]
try:
    fetch_all(lambda c: ([0], "again"), max_pages=5)
except RuntimeError:
    pass
else:
    raise AssertionError("expected RuntimeError")""",
        ),
    ),
]
