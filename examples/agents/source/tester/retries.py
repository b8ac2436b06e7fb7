"""Tester-role examples: retries. Contract: source/README.md."""

EXAMPLES = [
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
]
