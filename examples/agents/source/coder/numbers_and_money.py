"""Coder-role examples: numbers and money. Contract: source/README.md."""

EXAMPLES = [
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
]
