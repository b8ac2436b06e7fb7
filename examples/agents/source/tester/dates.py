"""Tester-role examples: dates (passed in as arguments). Contract: source/README.md."""

EXAMPLES = [
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
]
