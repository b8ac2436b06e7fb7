"""Tester-role examples: medium: retries, paging, parsing, money (2 of 2). Contract: source/README.md."""

EXAMPLES = [
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
]
