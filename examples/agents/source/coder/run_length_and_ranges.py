"""Coder-role examples: run-length and ranges. Contract: source/README.md."""

EXAMPLES = [
    dict(
        id="coder-036",
        role="coder",
        user=r"""Write `rle_encode(text: str) -> list[tuple[str, int]]`, a run-length encoder: "aaabcc" -> [("a", 3), ("b", 1), ("c", 2)].""",
        answer=r'''```python
from itertools import groupby


def rle_encode(text):
    return [(ch, len(list(run))) for ch, run in groupby(text)]
```''',
        check=dict(
            kind="python_tests",
            entry_point="rle_encode",
            tests=r"""assert rle_encode("aaabcc") == [("a", 3), ("b", 1), ("c", 2)]
assert rle_encode("") == []
assert rle_encode("abab") == [("a", 1), ("b", 1), ("a", 1), ("b", 1)]
assert rle_encode("zzzz") == [("z", 4)]""",
        ),
    ),
    dict(
        id="coder-037",
        role="coder",
        user=r"""Write `rle_decode(encoded: str) -> str` for strings like "3a1b12c": a decimal count followed by one non-digit character, repeated. Raise ValueError if the input is malformed (e.g. "a3" or a trailing count).""",
        answer=r'''```python
import re


def rle_decode(encoded):
    if not re.fullmatch(r"(?:[0-9]+[^0-9])*", encoded):
        raise ValueError(f"malformed input: {encoded!r}")
    return "".join(ch * int(n) for n, ch in re.findall(r"([0-9]+)([^0-9])", encoded))
```''',
        check=dict(
            kind="python_tests",
            entry_point="rle_decode",
            tests=r"""assert rle_decode("3a1b2c") == "aaabcc"
assert rle_decode("12x") == "x" * 12
assert rle_decode("") == ""
assert rle_decode("2 1-") == "  -"
for bad in ("a3", "3", "3a4"):
    try:
        rle_decode(bad)
    except ValueError:
        pass
    else:
        raise AssertionError(bad)""",
        ),
    ),
    dict(
        id="coder-038",
        role="coder",
        user=r"""Print dialog support: write `parse_ranges(spec: str) -> list[int]` for page selections like "1-3, 5, 8-9" (comma-separated numbers or inclusive ranges, spaces allowed, empty parts ignored). Return the sorted unique numbers. Raise ValueError for a malformed part or a range whose start is greater than its end.""",
        answer=r'''```python
def parse_ranges(spec):
    pages = set()
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        first, sep, last = part.partition("-")
        try:
            lo = int(first)
            hi = int(last) if sep else lo
        except ValueError:
            raise ValueError(f"bad part: {part!r}") from None
        if lo > hi:
            raise ValueError(f"bad range: {part!r}")
        pages.update(range(lo, hi + 1))
    return sorted(pages)
```''',
        check=dict(
            kind="python_tests",
            entry_point="parse_ranges",
            tests=r"""assert parse_ranges("1-3, 5, 8-9") == [1, 2, 3, 5, 8, 9]
assert parse_ranges("4,2-4,,2") == [2, 3, 4]
assert parse_ranges("") == []
for bad in ("5-3", "a", "1-2-3", "-4"):
    try:
        parse_ranges(bad)
    except ValueError:
        pass
    else:
        raise AssertionError(bad)""",
        ),
    ),
    dict(
        id="coder-039",
        role="coder",
        user=r"""Write `compact_ranges(numbers: list[int]) -> str`, the reverse of a page-range parser: [1, 2, 3, 5, 8, 9] -> "1-3,5,8-9". The input may be unsorted and contain duplicates; [] gives "".""",
        answer=r'''```python
def compact_ranges(numbers):
    nums = sorted(set(numbers))
    parts, i = [], 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        parts.append(str(nums[i]) if i == j else f"{nums[i]}-{nums[j]}")
        i = j + 1
    return ",".join(parts)
```''',
        check=dict(
            kind="python_tests",
            entry_point="compact_ranges",
            tests=r"""assert compact_ranges([1, 2, 3, 5, 8, 9]) == "1-3,5,8-9"
assert compact_ranges([9, 8, 8, 1]) == "1,8-9"
assert compact_ranges([]) == ""
assert compact_ranges([4]) == "4"
assert compact_ranges([1, 3, 5]) == '1,3,5'""",
        ),
    ),
]
