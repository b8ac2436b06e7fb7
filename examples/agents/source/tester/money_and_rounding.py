"""Tester-role examples: money and rounding. Contract: source/README.md."""

EXAMPLES = [
    dict(
        id="tester-041",
        role="tester",
        user=r'''Finance says invoices must round half away from zero, not banker's rounding. Write tests for:
```python
def round_money(value: str, places: int = 2) -> str:
    """Round a decimal string half away from zero to `places` decimals and
    return it with exactly that many decimals ("2.675" -> "2.68")."""
```''',
        answer=r'''```python
def test_halves_round_away_from_zero():
    assert round_money("2.675") == "2.68"
    assert round_money("2.665") == "2.67"
    assert round_money("-1.005") == "-1.01"

def test_pads_decimals():
    assert round_money("3") == "3.00"

def test_other_places():
    assert round_money("1.25", 1) == "1.3"
    assert round_money("7.1", 0) == "7"
```''',
        check=dict(
            kind="test_suite",
            entry_point="round_money",
            reference=r"""from decimal import Decimal, ROUND_HALF_UP

def round_money(value, places=2):
    q = Decimal(1).scaleb(-places)
    return str(Decimal(value).quantize(q, rounding=ROUND_HALF_UP))
""",
            mutants=[
                r"""def round_money(value, places=2):
    return f"{round(float(value), places):.{places}f}"
""",
                r"""from decimal import Decimal, ROUND_HALF_EVEN

def round_money(value, places=2):
    q = Decimal(1).scaleb(-places)
    return str(Decimal(value).quantize(q, rounding=ROUND_HALF_EVEN))
""",
                r"""from decimal import Decimal, ROUND_DOWN

def round_money(value, places=2):
    q = Decimal(1).scaleb(-places)
    return str(Decimal(value).quantize(q, rounding=ROUND_DOWN))
""",
                r"""from decimal import Decimal, ROUND_HALF_DOWN

def round_money(value, places=2):
    q = Decimal(1).scaleb(-places)
    return str(Decimal(value).quantize(q, rounding=ROUND_HALF_DOWN))
""",
            ],
        ),
    ),
    dict(
        id="tester-042",
        role="tester",
        user=r'''Write tests for the checkout discount:
```python
def apply_discount(price_cents: int, percent: float) -> int:
    """Price after a percentage discount, rounded to the nearest cent with
    half a cent rounding up. percent must be within 0..100, else ValueError."""
```''',
        answer=r'''```python
def test_discounts():
    assert apply_discount(1000, 10) == 900
    assert apply_discount(1234, 0) == 1234
    assert apply_discount(1234, 100) == 0

def test_half_cent_rounds_up():
    assert apply_discount(999, 50) == 500
    assert apply_discount(1, 50) == 1

def test_bad_percent():
    for bad in (101, -5):
        try:
            apply_discount(1000, bad)
        except ValueError:
            continue
        raise AssertionError(bad)
```''',
        check=dict(
            kind="test_suite",
            entry_point="apply_discount",
            reference=r"""import math

def apply_discount(price_cents, percent):
    if not 0 <= percent <= 100:
        raise ValueError(percent)
    return math.floor(price_cents * (100 - percent) / 100 + 0.5)
""",
            mutants=[
                r"""def apply_discount(price_cents, percent):
    if not 0 <= percent <= 100:
        raise ValueError(percent)
    return round(price_cents * (100 - percent) / 100)
""",
                r"""def apply_discount(price_cents, percent):
    if not 0 <= percent <= 100:
        raise ValueError(percent)
    return int(price_cents * (100 - percent) / 100)
""",
                r"""import math

def apply_discount(price_cents, percent):
    if not 0 <= percent <= 100:
        raise ValueError(percent)
    return math.floor(price_cents * percent / 100 + 0.5)
""",
                r"""import math

def apply_discount(price_cents, percent):
    if not 0 < percent <= 100:
        raise ValueError(percent)
    return math.floor(price_cents * (100 - percent) / 100 + 0.5)
""",
            ],
        ),
    ),
    dict(
        id="tester-043",
        role="tester",
        user=r'''The backfill script processes rows in batches. Write tests for:
```python
def batch_ranges(total: int, size: int) -> list[tuple[int, int]]:
    """Half-open (start, stop) ranges covering range(total) in batches of
    `size`; the last may be shorter. Raise ValueError if size < 1."""
```''',
        answer=r'''```python
def test_batches():
    assert batch_ranges(10, 4) == [(0, 4), (4, 8), (8, 10)]
    assert batch_ranges(8, 4) == [(0, 4), (4, 8)]
    assert batch_ranges(2, 5) == [(0, 2)]

def test_empty():
    assert batch_ranges(0, 3) == []

def test_bad_size():
    try:
        batch_ranges(10, 0)
    except ValueError:
        pass
    else:
        raise AssertionError("expected ValueError")
```''',
        check=dict(
            kind="test_suite",
            entry_point="batch_ranges",
            reference=r"""def batch_ranges(total, size):
    if size < 1:
        raise ValueError(size)
    return [(s, min(s + size, total)) for s in range(0, total, size)]
""",
            mutants=[
                r"""def batch_ranges(total, size):
    if size < 1:
        raise ValueError(size)
    return [(s, s + size) for s in range(0, total, size)]
""",
                r"""def batch_ranges(total, size):
    if size < 1:
        raise ValueError(size)
    return [(s, min(s + size, total)) for s in range(0, total + 1, size)]
""",
                r"""def batch_ranges(total, size):
    if size < 1:
        raise ValueError(size)
    return [(s, min(s + size, total) - 1) for s in range(0, total, size)]
""",
                r"""def batch_ranges(total, size):
    return [(s, min(s + size, total)) for s in range(0, total, max(size, 1))]
""",
            ],
        ),
    ),
    dict(
        id="tester-044",
        role="tester",
        user=r'''The monorepo tool picks which package a change touches. Write tests for:
```python
def common_dir(paths: list[str]) -> str:
    """Longest common directory of relative POSIX file paths, compared by
    whole components of each file's directory part:
    ["src/app/a.py", "src/api/b.py"] -> "src". "" if none or no paths."""
```''',
        answer=r'''```python
def test_whole_components_only():
    assert common_dir(["src/app/a.py", "src/api/b.py"]) == "src"
    assert common_dir(["a/b/c.txt", "a/b/d.txt"]) == "a/b"

def test_single_file_uses_its_directory():
    assert common_dir(["src/x.py"]) == "src"

def test_stops_at_first_difference():
    assert common_dir(["a/x/c/f", "a/y/c/g"]) == "a"

def test_nothing_in_common():
    assert common_dir(["a/x", "b/y"]) == ""
    assert common_dir(["x.py", "src/y.py"]) == ""
    assert common_dir([]) == ""
```''',
        check=dict(
            kind="test_suite",
            entry_point="common_dir",
            reference=r"""def common_dir(paths):
    if not paths:
        return ""
    dirs = [p.split("/")[:-1] for p in paths]
    out = []
    for parts in zip(*dirs):
        if any(x != parts[0] for x in parts):
            break
        out.append(parts[0])
    return "/".join(out)
""",
            mutants=[
                r"""import os

def common_dir(paths):
    return os.path.commonprefix(paths)
""",
                r"""def common_dir(paths):
    if not paths:
        return ""
    dirs = [p.split("/") for p in paths]
    out = []
    for parts in zip(*dirs):
        if any(x != parts[0] for x in parts):
            break
        out.append(parts[0])
    return "/".join(out)
""",
                r"""def common_dir(paths):
    if not paths:
        return ""
    dirs = [p.split("/")[:-1] for p in paths]
    out = []
    for parts in zip(*dirs):
        if all(x == parts[0] for x in parts):
            out.append(parts[0])
    return "/".join(out)
""",
                r"""def common_dir(paths):
    if not paths:
        return ""
    if len(paths) == 1:
        return paths[0]
    dirs = [p.split("/")[:-1] for p in paths]
    out = []
    for parts in zip(*dirs):
        if any(x != parts[0] for x in parts):
            break
        out.append(parts[0])
    return "/".join(out)
""",
            ],
        ),
    ),
    dict(
        id="tester-045",
        role="tester",
        user=r'''Write tests for the `?ids=` query parser:
```python
def parse_id_list(text: str) -> list[int]:
    """Parse "9, 2,5" into [9, 2, 5], keeping order. Whitespace around items
    is ignored, blank entries (",,", trailing comma) are skipped; "" -> []."""
```''',
        answer=r'''```python
def test_parses_in_order():
    assert parse_id_list("9, 2,5") == [9, 2, 5]
    assert parse_id_list("7") == [7]

def test_blank_entries_skipped():
    assert parse_id_list(" 1,,2, ") == [1, 2]

def test_empty():
    assert parse_id_list("") == []
```''',
        check=dict(
            kind="test_suite",
            entry_point="parse_id_list",
            reference=r"""def parse_id_list(text):
    return [int(p) for p in text.split(",") if p.strip()]
""",
            mutants=[
                r"""def parse_id_list(text):
    return [int(p) for p in text.split(",")]
""",
                r"""def parse_id_list(text):
    return [int(p) for p in text.split(", ") if p.strip()]
""",
                r"""def parse_id_list(text):
    return [int(p) for p in text.split(",") if p]
""",
                r"""def parse_id_list(text):
    return sorted(int(p) for p in text.split(",") if p.strip())
""",
            ],
        ),
    ),
    dict(
        id="tester-046",
        role="tester",
        user=r'''The chart axis snaps values to a grid. Write tests for:
```python
def round_to_step(x: float, step: float) -> float:
    """Round x to the nearest multiple of step (step > 0). Exact halves
    round up, toward +infinity, also for negative x."""
```''',
        answer=r'''```python
def test_nearest():
    assert round_to_step(7, 5) == 5
    assert round_to_step(8, 5) == 10
    assert round_to_step(15, 5) == 15

def test_halves_round_up():
    assert round_to_step(7.5, 5) == 10
    assert round_to_step(12.5, 5) == 15
    assert round_to_step(-7.5, 5) == -5

def test_negative():
    assert round_to_step(-8, 5) == -10
```''',
        check=dict(
            kind="test_suite",
            entry_point="round_to_step",
            reference=r"""import math

def round_to_step(x, step):
    return math.floor(x / step + 0.5) * step
""",
            mutants=[
                r"""def round_to_step(x, step):
    return round(x / step) * step
""",
                r"""import math

def round_to_step(x, step):
    return math.ceil(x / step) * step
""",
                r"""def round_to_step(x, step):
    return int(x / step + 0.5) * step
""",
                r"""import math

def round_to_step(x, step):
    return math.floor(x / step) * step
""",
            ],
        ),
    ),
]
