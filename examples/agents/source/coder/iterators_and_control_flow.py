"""Coder-role examples: iterators and control flow. Contract: source/README.md."""

EXAMPLES = [
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
