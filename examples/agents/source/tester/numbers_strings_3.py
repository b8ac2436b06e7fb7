"""Tester-role examples: easy: numbers, strings (3 of 4). Contract: source/README.md."""

EXAMPLES = [
    dict(
        id="tester-016",
        role="tester",
        user=r'''Upload validation relies on this. Write tests:
```python
def file_extension(path: str) -> str:
    """Lower-case extension of the last path component, without the dot;
    "" if there is none. Dotfiles like ".bashrc" have no extension."""
```''',
        answer=r'''```python
def test_simple_and_case():
    assert file_extension("docs/Report.PDF") == "pdf"
    assert file_extension("archive.tar.gz") == "gz"

def test_no_extension():
    assert file_extension("Makefile") == ""
    assert file_extension("dir.d/file") == ""

def test_dotfile():
    assert file_extension(".bashrc") == ""
```''',
        check=dict(
            kind="test_suite",
            entry_point="file_extension",
            reference=r"""import posixpath

def file_extension(path):
    return posixpath.splitext(path)[1][1:].lower()
""",
            mutants=[
                r"""def file_extension(path):
    return path.rsplit(".", 1)[-1].lower() if "." in path else ""
""",
                r"""import posixpath

def file_extension(path):
    return posixpath.splitext(path)[1][1:]
""",
                r"""def file_extension(path):
    return path.split(".", 1)[1].lower() if "." in path else ""
""",
                r"""import posixpath

def file_extension(path):
    return posixpath.splitext(path)[1].lower()
""",
            ],
        ),
    ),
    dict(
        id="tester-017",
        role="tester",
        user=r'''Write tests for the metrics helper `mean`:
```python
def mean(values: list[float]) -> float:
    """Arithmetic mean. Raise ValueError for an empty list."""
```''',
        answer=r'''```python
def test_mean():
    assert mean([1, 2, 3, 4]) == 2.5
    assert mean([5]) == 5
    assert mean([-2, 2]) == 0

def test_empty_raises():
    try:
        mean([])
    except ValueError:
        pass
    else:
        raise AssertionError("expected ValueError")
```''',
        check=dict(
            kind="test_suite",
            entry_point="mean",
            reference=r"""def mean(values):
    if not values:
        raise ValueError("mean of empty list")
    return sum(values) / len(values)
""",
            mutants=[
                r"""def mean(values):
    if not values:
        raise ValueError("mean of empty list")
    return sum(values) // len(values)
""",
                r"""def mean(values):
    if not values:
        return 0.0
    return sum(values) / len(values)
""",
                r"""def mean(values):
    return sum(values) / len(values)
""",
                r"""def mean(values):
    if not values:
        raise ValueError("mean of empty list")
    return sum(values) / max(1, len(values) - 1)
""",
            ],
        ),
    ),
    dict(
        id="tester-018",
        role="tester",
        user=r'''The coder agent replaced str.capitalize in the notification titles with this. Write tests:
```python
def capitalize_first(s: str) -> str:
    """Upper-case the first character and leave the rest untouched. "" -> ""."""
```''',
        answer=r'''```python
def test_only_first_char_changes():
    assert capitalize_first("hello World") == "Hello World"
    assert capitalize_first("iPhone") == "IPhone"
    assert capitalize_first("a") == "A"

def test_edge_cases():
    assert capitalize_first("") == ""
    assert capitalize_first("1st place") == "1st place"
```''',
        check=dict(
            kind="test_suite",
            entry_point="capitalize_first",
            reference=r"""def capitalize_first(s):
    return s[:1].upper() + s[1:]
""",
            mutants=[
                r"""def capitalize_first(s):
    return s.capitalize()
""",
                r"""def capitalize_first(s):
    return s.title()
""",
                r"""def capitalize_first(s):
    return s[0].upper() + s[1:]
""",
            ],
        ),
    ),
    dict(
        id="tester-019",
        role="tester",
        user=r'''Write tests for `indent`, used when rendering nested YAML snippets:
```python
def indent(text: str, n: int) -> str:
    """Prefix every non-empty line with n spaces. Empty lines stay empty and
    all line breaks (including a trailing one) are preserved."""
```''',
        answer=r'''```python
def test_indents_lines():
    assert indent("a\nb", 2) == "  a\n  b"

def test_empty_lines_and_trailing_newline():
    assert indent("a\n\nb\n", 4) == "    a\n\n    b\n"

def test_trivial():
    assert indent("", 3) == ""
    assert indent("x", 0) == "x"
```''',
        check=dict(
            kind="test_suite",
            entry_point="indent",
            reference=r"""def indent(text, n):
    pad = " " * n
    return "\n".join(pad + line if line else line for line in text.split("\n"))
""",
            mutants=[
                r"""def indent(text, n):
    pad = " " * n
    return "\n".join(pad + line for line in text.split("\n"))
""",
                r"""def indent(text, n):
    pad = " " * n
    return pad + text.replace("\n", "\n" + pad)
""",
                r"""def indent(text, n):
    pad = " " * n
    return "\n".join(pad + line if line else line for line in text.splitlines())
""",
            ],
        ),
    ),
    dict(
        id="tester-020",
        role="tester",
        user=r'''Write tests for `take`:
```python
def take(items: list, n: int) -> list:
    """The first n items (all of them if there are fewer).
    Raise ValueError if n < 0."""
```''',
        answer=r'''```python
def test_takes_prefix():
    assert take([1, 2, 3], 2) == [1, 2]
    assert take([1], 5) == [1]

def test_zero():
    assert take([1, 2], 0) == []

def test_negative_raises():
    try:
        take([1, 2, 3], -1)
    except ValueError:
        pass
    else:
        raise AssertionError("expected ValueError")
```''',
        check=dict(
            kind="test_suite",
            entry_point="take",
            reference=r"""def take(items, n):
    if n < 0:
        raise ValueError("n must be >= 0")
    return items[:n]
""",
            mutants=[
                r"""def take(items, n):
    return items[:n]
""",
                r"""def take(items, n):
    if n < 0:
        raise ValueError("n must be >= 0")
    return items[:n + 1]
""",
                r"""def take(items, n):
    if n <= 0:
        raise ValueError("n must be > 0")
    return items[:n]
""",
            ],
        ),
    ),
    dict(
        id="tester-021",
        role="tester",
        user=r'''The log viewer's `tail` is suspected of returning everything for n=0. Write tests that pin down its contract:
```python
def tail(lines: list[str], n: int) -> list[str]:
    """The last n lines in order (all of them if fewer). n == 0 gives []."""
```''',
        answer=r'''```python
def test_last_lines():
    assert tail(["a", "b", "c"], 2) == ["b", "c"]

def test_n_larger_than_list():
    assert tail(["a"], 3) == ["a"]
    assert tail(["a", "b", "c"], 4) == ["a", "b", "c"]

def test_zero_and_empty():
    assert tail(["a", "b"], 0) == []
    assert tail([], 2) == []
```''',
        check=dict(
            kind="test_suite",
            entry_point="tail",
            reference=r"""def tail(lines, n):
    return lines[-n:] if n > 0 else []
""",
            mutants=[
                r"""def tail(lines, n):
    return lines[-n:]
""",
                r"""def tail(lines, n):
    return lines[len(lines) - n:]
""",
                r"""def tail(lines, n):
    return lines[-n - 1:] if n > 0 else []
""",
                r"""def tail(lines, n):
    return lines[:n]
""",
            ],
        ),
    ),
    dict(
        id="tester-022",
        role="tester",
        user=r'''Write tests for the pricing-rule parser:
```python
def parse_percent(text: str) -> float:
    """Parse "45%" or " 12.5 % " into a fraction (0.45, 0.125).
    Raise ValueError if the "%" sign is missing."""
```''',
        answer=r'''```python
def test_parses_fraction():
    assert parse_percent("45%") == 0.45
    assert parse_percent("0%") == 0.0
    assert parse_percent("150%") == 1.5

def test_whitespace():
    assert parse_percent(" 12.5 % ") == 0.125

def test_missing_sign():
    try:
        parse_percent("45")
    except ValueError:
        pass
    else:
        raise AssertionError("expected ValueError")
```''',
        check=dict(
            kind="test_suite",
            entry_point="parse_percent",
            reference=r"""def parse_percent(text):
    t = text.strip()
    if not t.endswith("%"):
        raise ValueError(text)
    return float(t[:-1]) / 100
""",
            mutants=[
                r"""def parse_percent(text):
    return float(text.strip().rstrip("%")) / 100
""",
                r"""def parse_percent(text):
    if not text.endswith("%"):
        raise ValueError(text)
    return float(text[:-1]) / 100
""",
                r"""def parse_percent(text):
    t = text.strip()
    if not t.endswith("%"):
        raise ValueError(text)
    return float(t[:-1])
""",
            ],
        ),
    ),
    dict(
        id="tester-023",
        role="tester",
        user=r'''Write tests for `span`:
```python
def span(a: int, b: int) -> list[int]:
    """All integers from a to b inclusive, counting down when a > b."""
```''',
        answer=r'''```python
def test_ascending():
    assert span(1, 4) == [1, 2, 3, 4]

def test_single():
    assert span(3, 3) == [3]

def test_descending():
    assert span(2, -1) == [2, 1, 0, -1]
```''',
        check=dict(
            kind="test_suite",
            entry_point="span",
            reference=r"""def span(a, b):
    step = 1 if b >= a else -1
    return list(range(a, b + step, step))
""",
            mutants=[
                r"""def span(a, b):
    return list(range(a, b + 1))
""",
                r"""def span(a, b):
    return list(range(min(a, b), max(a, b) + 1))
""",
                r"""def span(a, b):
    step = 1 if b >= a else -1
    return list(range(a, b, step))
""",
            ],
        ),
    ),
    dict(
        id="tester-024",
        role="tester",
        user=r'''Leaderboard ranks are shown as "1st", "2nd", ... Write tests for the helper:
```python
def ordinal(n: int) -> str:
    """1 -> "1st", 2 -> "2nd", 3 -> "3rd", 4 -> "4th", 11 -> "11th",
    22 -> "22nd", 113 -> "113th". n >= 0."""
```''',
        answer=r'''```python
def test_basic_suffixes():
    assert ordinal(1) == "1st"
    assert ordinal(2) == "2nd"
    assert ordinal(3) == "3rd"
    assert ordinal(4) == "4th"
    assert ordinal(0) == "0th"

def test_teens():
    assert [ordinal(n) for n in (11, 12, 13)] == ["11th", "12th", "13th"]
    assert [ordinal(n) for n in (111, 112, 113)] == ["111th", "112th", "113th"]

def test_later_tens():
    assert [ordinal(n) for n in (21, 22, 23, 101)] == ["21st", "22nd", "23rd", "101st"]
```''',
        check=dict(
            kind="test_suite",
            entry_point="ordinal",
            reference=r"""def ordinal(n):
    if 10 <= n % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
""",
            mutants=[
                r"""def ordinal(n):
    if 10 <= n <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
""",
                r"""def ordinal(n):
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
""",
                r"""def ordinal(n):
    if 11 <= n % 100 <= 12:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
""",
                r"""def ordinal(n):
    if 10 <= n % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd"}.get(n % 10, "th")
    return f"{n}{suffix}"
""",
            ],
        ),
    ),
]
