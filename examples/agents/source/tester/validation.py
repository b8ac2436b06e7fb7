"""Tester-role examples: validation. Contract: source/README.md."""

EXAMPLES = [
    dict(
        id="tester-060",
        role="tester",
        user=r'''Write tests for the CRM import's name splitter:
```python
def split_name(full: str) -> tuple[str, str]:
    """(given, family): the last word is the family name, everything before
    it the given name. Extra spaces are ignored. One word -> (word, "");
    "" -> ("", "")."""
```''',
        answer=r'''```python
def test_two_words():
    assert split_name("Ada Lovelace") == ("Ada", "Lovelace")

def test_middle_names_and_spaces():
    assert split_name("  Mary  Ann   Evans ") == ("Mary Ann", "Evans")

def test_one_or_zero_words():
    assert split_name("Plato") == ("Plato", "")
    assert split_name("") == ("", "")
```''',
        check=dict(
            kind="test_suite",
            entry_point="split_name",
            reference=r"""def split_name(full):
    parts = full.split()
    if not parts:
        return ("", "")
    if len(parts) == 1:
        return (parts[0], "")
    return (" ".join(parts[:-1]), parts[-1])
""",
            mutants=[
                r"""def split_name(full):
    parts = full.split(" ")
    if not parts:
        return ("", "")
    if len(parts) == 1:
        return (parts[0], "")
    return (" ".join(parts[:-1]), parts[-1])
""",
                r"""def split_name(full):
    parts = full.split()
    if not parts:
        return ("", "")
    return (parts[0], " ".join(parts[1:]))
""",
                r"""def split_name(full):
    parts = full.split()
    if not parts:
        return ("", "")
    return (" ".join(parts[:-1]), parts[-1])
""",
                r"""def split_name(full):
    parts = full.split()
    if len(parts) == 1:
        return (parts[0], "")
    return (" ".join(parts[:-1]), parts[-1])
""",
            ],
        ),
    ),
    dict(
        id="tester-061",
        role="tester",
        user=r'''The SSRF guard calls this. Write tests, with care at the range edges:
```python
def is_private_ipv4(addr: str) -> bool:
    """True for dotted-quad addresses in 10.0.0.0/8, 172.16.0.0/12 or
    192.168.0.0/16. Malformed input (not 4 parts, non-digits, a part
    above 255) is False."""
```''',
        answer=r'''```python
def test_private():
    for a in ["10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1"]:
        assert is_private_ipv4(a), a

def test_public():
    for a in ["172.32.0.1", "172.15.9.9", "192.169.0.1", "8.8.8.8"]:
        assert not is_private_ipv4(a), a

def test_malformed():
    for a in ["10.0.0", "10.0.0.256", "10.a.0.1", ""]:
        assert not is_private_ipv4(a), a
```''',
        check=dict(
            kind="test_suite",
            entry_point="is_private_ipv4",
            reference=r"""def is_private_ipv4(addr):
    parts = addr.split(".")
    if len(parts) != 4 or not all(p.isdigit() for p in parts):
        return False
    a, b, c, d = (int(p) for p in parts)
    if max(a, b, c, d) > 255:
        return False
    return a == 10 or (a == 172 and 16 <= b <= 31) or (a == 192 and b == 168)
""",
            mutants=[
                r"""def is_private_ipv4(addr):
    parts = addr.split(".")
    if len(parts) != 4 or not all(p.isdigit() for p in parts):
        return False
    a, b, c, d = (int(p) for p in parts)
    if max(a, b, c, d) > 255:
        return False
    return a == 10 or (a == 172 and 16 <= b <= 32) or (a == 192 and b == 168)
""",
                r"""def is_private_ipv4(addr):
    parts = addr.split(".")
    if len(parts) != 4 or not all(p.isdigit() for p in parts):
        return False
    a, b, c, d = (int(p) for p in parts)
    if max(a, b, c, d) > 255:
        return False
    return a == 10 or (a == 172 and 16 < b <= 31) or (a == 192 and b == 168)
""",
                r"""def is_private_ipv4(addr):
    parts = addr.split(".")
    if len(parts) != 4 or not all(p.isdigit() for p in parts):
        return False
    a, b = int(parts[0]), int(parts[1])
    return a == 10 or (a == 172 and 16 <= b <= 31) or (a == 192 and b == 168)
""",
                r"""def is_private_ipv4(addr):
    parts = addr.split(".")
    try:
        a, b = int(parts[0]), int(parts[1])
    except (ValueError, IndexError):
        return False
    return a == 10 or (a == 172 and 16 <= b <= 31) or (a == 192 and b == 168)
""",
            ],
        ),
    ),
    dict(
        id="tester-062",
        role="tester",
        user=r'''Write tests for the sign-up username rule:
```python
def username_ok(name: str) -> bool:
    """3-16 characters from a-z, 0-9 and "_"; must start with a letter,
    must not end with "_" and must not contain "__"."""
```''',
        answer=r'''```python
def test_valid():
    for name in ["abc", "dev_ops2", "a1_b", "a" * 16]:
        assert username_ok(name), name

def test_invalid():
    bad = ["ab", "a" * 17, "1abc", "_abc", "abc_", "a__b", "Abc", "ab-c"]
    for name in bad:
        assert not username_ok(name), name
```''',
        check=dict(
            kind="test_suite",
            entry_point="username_ok",
            reference=r"""import re

def username_ok(name):
    if not re.fullmatch(r"[a-z][a-z0-9_]{2,15}", name):
        return False
    return not name.endswith("_") and "__" not in name
""",
            mutants=[
                r"""import re

def username_ok(name):
    if not re.match(r"[a-z][a-z0-9_]{2,15}", name):
        return False
    return not name.endswith("_") and "__" not in name
""",
                r"""import re

def username_ok(name):
    if not re.fullmatch(r"[a-z][a-z0-9_]{2,15}", name, re.IGNORECASE):
        return False
    return not name.endswith("_") and "__" not in name
""",
                r"""import re

def username_ok(name):
    if not re.fullmatch(r"[a-z][a-z0-9_]{2,15}", name):
        return False
    return not name.endswith("_")
""",
                r"""import re

def username_ok(name):
    if not re.fullmatch(r"[a-z0-9][a-z0-9_]{2,15}", name):
        return False
    return not name.endswith("_") and "__" not in name
""",
            ],
        ),
    ),
    dict(
        id="tester-063",
        role="tester",
        user=r'''Our scheduler has its own cron matcher. Write tests for one field:
```python
def cron_match(field: str, value: int) -> bool:
    """Does a cron field match value? Supports "*", a number "5", a range
    "1-5" (inclusive), a step "*/15" (value % 15 == 0) and comma lists of
    these ("1,10-12")."""
```''',
        answer=r'''```python
def test_star_and_number():
    assert cron_match("*", 0)
    assert cron_match("5", 5)
    assert not cron_match("5", 6)

def test_range_inclusive():
    assert cron_match("1-5", 1) and cron_match("1-5", 5)
    assert not cron_match("1-5", 6)

def test_step():
    assert cron_match("*/15", 0) and cron_match("*/15", 30)
    assert not cron_match("*/15", 20)

def test_list():
    assert cron_match("1,10-12", 11)
    assert not cron_match("1,10-12", 2)
```''',
        check=dict(
            kind="test_suite",
            entry_point="cron_match",
            reference=r"""def cron_match(field, value):
    for part in field.split(","):
        if part == "*":
            return True
        if part.startswith("*/"):
            if value % int(part[2:]) == 0:
                return True
        elif "-" in part:
            lo, hi = map(int, part.split("-"))
            if lo <= value <= hi:
                return True
        elif int(part) == value:
            return True
    return False
""",
            mutants=[
                r"""def cron_match(field, value):
    for part in field.split(","):
        if part == "*":
            return True
        if part.startswith("*/"):
            if value % int(part[2:]) == 0:
                return True
        elif "-" in part:
            lo, hi = map(int, part.split("-"))
            if lo <= value < hi:
                return True
        elif int(part) == value:
            return True
    return False
""",
                r"""def cron_match(field, value):
    part = field.split(",")[0]
    if part == "*":
        return True
    if part.startswith("*/"):
        return value % int(part[2:]) == 0
    if "-" in part:
        lo, hi = map(int, part.split("-"))
        return lo <= value <= hi
    return int(part) == value
""",
                r"""def cron_match(field, value):
    for part in field.split(","):
        if "*" in part:
            return True
        if "-" in part:
            lo, hi = map(int, part.split("-"))
            if lo <= value <= hi:
                return True
        elif int(part) == value:
            return True
    return False
""",
                r"""def cron_match(field, value):
    for part in field.split(","):
        if part == "*":
            return True
        if part.startswith("*/"):
            if value and value % int(part[2:]) == 0:
                return True
        elif "-" in part:
            lo, hi = map(int, part.split("-"))
            if lo <= value <= hi:
                return True
        elif int(part) == value:
            return True
    return False
""",
            ],
        ),
    ),
]
