"""Tester-role examples: easy: numbers, strings (4 of 4). Contract: source/README.md."""

EXAMPLES = [
    dict(
        id="tester-025",
        role="tester",
        user=r'''Write tests for the theme exporter's colour helper:
```python
def rgb_to_hex(r: int, g: int, b: int) -> str:
    """"#rrggbb" in lower case. Each channel must be 0..255, else ValueError."""
```''',
        answer=r'''```python
def test_formats_lower_hex():
    assert rgb_to_hex(255, 0, 128) == "#ff0080"
    assert rgb_to_hex(171, 205, 239) == "#abcdef"

def test_pads_each_channel():
    assert rgb_to_hex(0, 0, 0) == "#000000"
    assert rgb_to_hex(10, 11, 12) == "#0a0b0c"

def test_out_of_range():
    for bad in [(256, 0, 0), (0, -1, 0)]:
        try:
            rgb_to_hex(*bad)
        except ValueError:
            continue
        raise AssertionError(bad)
```''',
        check=dict(
            kind="test_suite",
            entry_point="rgb_to_hex",
            reference=r"""def rgb_to_hex(r, g, b):
    for c in (r, g, b):
        if not 0 <= c <= 255:
            raise ValueError(c)
    return "#{:02x}{:02x}{:02x}".format(r, g, b)
""",
            mutants=[
                r"""def rgb_to_hex(r, g, b):
    for c in (r, g, b):
        if not 0 <= c <= 255:
            raise ValueError(c)
    return "#{:x}{:x}{:x}".format(r, g, b)
""",
                r"""def rgb_to_hex(r, g, b):
    for c in (r, g, b):
        if not 0 <= c <= 255:
            raise ValueError(c)
    return "#{:02X}{:02X}{:02X}".format(r, g, b)
""",
                r"""def rgb_to_hex(r, g, b):
    for c in (r, g, b):
        if not 0 <= c < 255:
            raise ValueError(c)
    return "#{:02x}{:02x}{:02x}".format(r, g, b)
""",
                r"""def rgb_to_hex(r, g, b):
    return "#{:02x}{:02x}{:02x}".format(r, g, b)
""",
            ],
        ),
    ),
    dict(
        id="tester-026",
        role="tester",
        user=r'''Job durations in the CI report overflow past a day. Write tests for the formatter:
```python
def to_hms(seconds: int) -> str:
    """Format a duration as "HH:MM:SS". Hours are not wrapped at 24 and may
    have more than two digits. Raise ValueError for negative input."""
```''',
        answer=r'''```python
def test_formats():
    assert to_hms(0) == "00:00:00"
    assert to_hms(3723) == "01:02:03"
    assert to_hms(86399) == "23:59:59"

def test_long_durations():
    assert to_hms(90000) == "25:00:00"
    assert to_hms(360000) == "100:00:00"

def test_negative():
    try:
        to_hms(-1)
    except ValueError:
        pass
    else:
        raise AssertionError("expected ValueError")
```''',
        check=dict(
            kind="test_suite",
            entry_point="to_hms",
            reference=r"""def to_hms(seconds):
    if seconds < 0:
        raise ValueError(seconds)
    h, rem = divmod(seconds, 3600)
    m, s = divmod(rem, 60)
    return f"{h:02d}:{m:02d}:{s:02d}"
""",
            mutants=[
                r"""def to_hms(seconds):
    if seconds < 0:
        raise ValueError(seconds)
    h, rem = divmod(seconds, 3600)
    m, s = divmod(rem, 60)
    return f"{h % 24:02d}:{m:02d}:{s:02d}"
""",
                r"""def to_hms(seconds):
    if seconds < 0:
        raise ValueError(seconds)
    h = seconds // 3600
    m = seconds // 60
    s = seconds % 60
    return f"{h:02d}:{m:02d}:{s:02d}"
""",
                r"""def to_hms(seconds):
    h, rem = divmod(seconds, 3600)
    m, s = divmod(rem, 60)
    return f"{h:02d}:{m:02d}:{s:02d}"
""",
                r"""import time

def to_hms(seconds):
    if seconds < 0:
        raise ValueError(seconds)
    return time.strftime("%H:%M:%S", time.gmtime(seconds))
""",
            ],
        ),
    ),
    dict(
        id="tester-027",
        role="tester",
        user=r'''Write tests for the config validator:
```python
def is_valid_port(value) -> bool:
    """True only for an int in 1..65535. Strings, floats and bools are never ports."""
```''',
        answer=r'''```python
def test_valid_ports():
    assert is_valid_port(1)
    assert is_valid_port(8080)
    assert is_valid_port(65535)

def test_out_of_range():
    assert not is_valid_port(0)
    assert not is_valid_port(65536)
    assert not is_valid_port(-1)

def test_wrong_types():
    assert not is_valid_port("80")
    assert not is_valid_port(80.0)
    assert not is_valid_port(True)
```''',
        check=dict(
            kind="test_suite",
            entry_point="is_valid_port",
            reference=r"""def is_valid_port(value):
    return type(value) is int and 1 <= value <= 65535
""",
            mutants=[
                r"""def is_valid_port(value):
    return isinstance(value, int) and 1 <= value <= 65535
""",
                r"""def is_valid_port(value):
    return type(value) is int and 0 <= value <= 65535
""",
                r"""def is_valid_port(value):
    return type(value) is int and 1 <= value < 65535
""",
                r"""def is_valid_port(value):
    try:
        port = int(value)
    except (TypeError, ValueError):
        return False
    return 1 <= port <= 65535
""",
            ],
        ),
    ),
    dict(
        id="tester-028",
        role="tester",
        user=r'''The API client builds URLs with `join_url`. Write tests:
```python
def join_url(base: str, path: str) -> str:
    """Join base and path with exactly one "/" between them, whatever
    slashes either side has at the seam. Other slashes are kept.
    An empty path returns base unchanged."""
```''',
        answer=r'''```python
def test_single_slash_at_seam():
    assert join_url("https://api.x.io", "v1/users") == "https://api.x.io/v1/users"
    assert join_url("https://api.x.io/", "/v1") == "https://api.x.io/v1"
    assert join_url("http://h//", "//v1") == "http://h/v1"

def test_keeps_trailing_slash_of_path():
    assert join_url("http://h", "docs/") == "http://h/docs/"

def test_empty_path():
    assert join_url("http://h/api", "") == "http://h/api"
```''',
        check=dict(
            kind="test_suite",
            entry_point="join_url",
            reference=r"""def join_url(base, path):
    if not path:
        return base
    return base.rstrip("/") + "/" + path.lstrip("/")
""",
            mutants=[
                r"""def join_url(base, path):
    if not path:
        return base
    return base + "/" + path
""",
                r"""import posixpath

def join_url(base, path):
    if not path:
        return base
    return posixpath.join(base, path)
""",
                r"""def join_url(base, path):
    return base.rstrip("/") + "/" + path.lstrip("/")
""",
                r"""def join_url(base, path):
    if not path:
        return base
    return base.rstrip("/") + "/" + path.strip("/")
""",
            ],
        ),
    ),
    dict(
        id="tester-029",
        role="tester",
        user=r'''Write tests for the KPI helper:
```python
def percent_change(old: float, new: float) -> float:
    """Percentage change from old to new relative to abs(old), rounded to
    2 decimals; decreases are negative. Raise ValueError if old == 0."""
```''',
        answer=r'''```python
def test_increase_and_decrease():
    assert percent_change(100, 150) == 50.0
    assert percent_change(200, 150) == -25.0

def test_rounding():
    assert percent_change(3, 4) == 33.33

def test_negative_base():
    assert percent_change(-50, -25) == 50.0

def test_zero_base():
    try:
        percent_change(0, 10)
    except ValueError:
        pass
    else:
        raise AssertionError("expected ValueError")
```''',
        check=dict(
            kind="test_suite",
            entry_point="percent_change",
            reference=r"""def percent_change(old, new):
    if old == 0:
        raise ValueError("old must be non-zero")
    return round((new - old) / abs(old) * 100, 2)
""",
            mutants=[
                r"""def percent_change(old, new):
    if old == 0:
        raise ValueError("old must be non-zero")
    return round((new - old) / old * 100, 2)
""",
                r"""def percent_change(old, new):
    if old == 0:
        raise ValueError("old must be non-zero")
    return round((new - old) / abs(new) * 100, 2)
""",
                r"""def percent_change(old, new):
    if old == 0:
        raise ValueError("old must be non-zero")
    return (new - old) / abs(old) * 100
""",
                r"""def percent_change(old, new):
    return round((new - old) / abs(old) * 100, 2)
""",
            ],
        ),
    ),
    dict(
        id="tester-030",
        role="tester",
        user=r'''Write tests for `env_key`, which maps config keys to environment variable names:
```python
def env_key(name: str) -> str:
    """Upper-case name; every run of characters that are not ASCII letters or
    digits becomes one "_"; leading/trailing "_" are removed."""
```''',
        answer=r'''```python
def test_basic():
    assert env_key("my-app.port") == "MY_APP_PORT"
    assert env_key("log_level2") == "LOG_LEVEL2"

def test_runs_collapse():
    assert env_key("db..host") == "DB_HOST"
    assert env_key("a - b") == "A_B"

def test_edges_trimmed():
    assert env_key(" -x- ") == "X"
```''',
        check=dict(
            kind="test_suite",
            entry_point="env_key",
            reference=r"""import re

def env_key(name):
    return re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_").upper()
""",
            mutants=[
                r"""import re

def env_key(name):
    return re.sub(r"[^A-Za-z0-9]", "_", name).strip("_").upper()
""",
                r"""import re

def env_key(name):
    return re.sub(r"[^A-Za-z0-9]+", "_", name).upper()
""",
                r"""def env_key(name):
    return name.replace("-", "_").replace(".", "_").upper()
""",
            ],
        ),
    ),
    dict(
        id="tester-031",
        role="tester",
        user=r'''The import job should report duplicate record ids. Write tests for:
```python
def duplicate_ids(records: list[dict]) -> list:
    """Sorted list of the "id" values that occur more than once; each such
    id is listed once."""
```''',
        answer=r'''```python
def test_reports_each_duplicate_once_sorted():
    recs = [{"id": 3}, {"id": 1}, {"id": 3}, {"id": 1}, {"id": 3}, {"id": 2}]
    assert duplicate_ids(recs) == [1, 3]

def test_no_duplicates():
    assert duplicate_ids([{"id": 1}, {"id": 2}]) == []
    assert duplicate_ids([]) == []
```''',
        check=dict(
            kind="test_suite",
            entry_point="duplicate_ids",
            reference=r"""from collections import Counter

def duplicate_ids(records):
    counts = Counter(r["id"] for r in records)
    return sorted(k for k, v in counts.items() if v > 1)
""",
            mutants=[
                r"""from collections import Counter

def duplicate_ids(records):
    counts = Counter(r["id"] for r in records)
    return sorted(k for k, v in counts.items() if v > 2)
""",
                r"""def duplicate_ids(records):
    seen, dups = set(), []
    for r in records:
        if r["id"] in seen:
            dups.append(r["id"])
        seen.add(r["id"])
    return sorted(dups)
""",
                r"""from collections import Counter

def duplicate_ids(records):
    counts = Counter(r["id"] for r in records)
    return [k for k, v in counts.items() if v > 1]
""",
                r"""from collections import Counter

def duplicate_ids(records):
    counts = Counter(r["id"] for r in records)
    return sorted(k for k, v in counts.items() if v >= 1)
""",
            ],
        ),
    ),
]
