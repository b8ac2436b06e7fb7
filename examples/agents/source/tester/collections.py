"""Tester-role examples: collections. Contract: source/README.md."""

EXAMPLES = [
    dict(
        id="tester-064",
        role="tester",
        user=r'''Write tests for the latency histogram helper:
```python
def bucketize(values: list[float], width: float) -> dict[float, int]:
    """Count values per bucket [k*width, (k+1)*width); keys are bucket starts.
    Only non-empty buckets appear; negative values land in negative buckets."""
```''',
        answer=r'''```python
def test_buckets_are_half_open():
    assert bucketize([1, 4, 5, 9, 10], 5) == {0: 2, 5: 2, 10: 1}

def test_negative_values():
    assert bucketize([-1, -5, 0], 5) == {-5: 2, 0: 1}

def test_empty():
    assert bucketize([], 5) == {}
```''',
        check=dict(
            kind="test_suite",
            entry_point="bucketize",
            reference=r"""import math

def bucketize(values, width):
    out = {}
    for v in values:
        k = math.floor(v / width) * width
        out[k] = out.get(k, 0) + 1
    return out
""",
            mutants=[
                r"""def bucketize(values, width):
    out = {}
    for v in values:
        k = int(v / width) * width
        out[k] = out.get(k, 0) + 1
    return out
""",
                r"""def bucketize(values, width):
    out = {}
    for v in values:
        k = round(v / width) * width
        out[k] = out.get(k, 0) + 1
    return out
""",
                r"""import math

def bucketize(values, width):
    out = {}
    for v in values:
        k = (math.ceil(v / width) - 1) * width
        out[k] = out.get(k, 0) + 1
    return out
""",
            ],
        ),
    ),
    dict(
        id="tester-065",
        role="tester",
        user=r'''Write tests for `running_max`:
```python
def running_max(values: list[float]) -> list[float]:
    """Element i is the max of values[0..i]. [] -> []."""
```''',
        answer=r'''```python
def test_running_max():
    assert running_max([3, 1, 4, 1, 5, 2]) == [3, 3, 4, 4, 5, 5]
    assert running_max([5, 1, 2]) == [5, 5, 5]

def test_negative_values():
    assert running_max([-2, -5, -1]) == [-2, -2, -1]

def test_empty():
    assert running_max([]) == []
```''',
        check=dict(
            kind="test_suite",
            entry_point="running_max",
            reference=r"""def running_max(values):
    out, cur = [], None
    for v in values:
        cur = v if cur is None else max(cur, v)
        out.append(cur)
    return out
""",
            mutants=[
                r"""def running_max(values):
    out, cur = [], 0
    for v in values:
        cur = max(cur, v)
        out.append(cur)
    return out
""",
                r"""def running_max(values):
    out, cur = [], values[0]
    for v in values:
        cur = max(cur, v)
        out.append(cur)
    return out
""",
                r"""def running_max(values):
    return [max(values[i - 1], v) if i else v for i, v in enumerate(values)]
""",
            ],
        ),
    ),
    dict(
        id="tester-066",
        role="tester",
        user=r'''Write tests for `interleave`, which merges two feeds:
```python
def interleave(a: list, b: list) -> list:
    """a[0], b[0], a[1], b[1], ...; leftovers of the longer list go at the end."""
```''',
        answer=r'''```python
def test_alternates():
    assert interleave([1, 2, 3], ["x", "y"]) == [1, "x", 2, "y", 3]

def test_longer_second_list():
    assert interleave([1], [7, 8, 9]) == [1, 7, 8, 9]
    assert interleave([], [1]) == [1]

def test_empty():
    assert interleave([], []) == []
```''',
        check=dict(
            kind="test_suite",
            entry_point="interleave",
            reference=r"""def interleave(a, b):
    out = []
    for i in range(max(len(a), len(b))):
        if i < len(a):
            out.append(a[i])
        if i < len(b):
            out.append(b[i])
    return out
""",
            mutants=[
                r"""def interleave(a, b):
    return [x for pair in zip(a, b) for x in pair]
""",
                r"""def interleave(a, b):
    out = [x for pair in zip(a, b) for x in pair]
    return out + a[len(b):]
""",
                r"""def interleave(a, b):
    out = []
    for i in range(max(len(a), len(b))):
        if i < len(b):
            out.append(b[i])
        if i < len(a):
            out.append(a[i])
    return out
""",
            ],
        ),
    ),
    dict(
        id="tester-067",
        role="tester",
        user=r'''Write tests for the carousel's `rotate_right`:
```python
def rotate_right(items: list, k: int) -> list:
    """New list rotated right by k places. k may exceed len(items) or be
    negative (rotates left). [] stays []."""
```''',
        answer=r'''```python
NUMS = [1, 2, 3, 4, 5]

def test_rotate():
    assert rotate_right(NUMS, 2) == [4, 5, 1, 2, 3]
    assert rotate_right(NUMS, 0) == NUMS

def test_large_and_negative_k():
    assert rotate_right(NUMS, 7) == [4, 5, 1, 2, 3]
    assert rotate_right(NUMS, -1) == [2, 3, 4, 5, 1]

def test_empty():
    assert rotate_right([], 3) == []
```''',
        check=dict(
            kind="test_suite",
            entry_point="rotate_right",
            reference=r"""def rotate_right(items, k):
    if not items:
        return []
    k %= len(items)
    return items[-k:] + items[:-k] if k else list(items)
""",
            mutants=[
                r"""def rotate_right(items, k):
    if not items:
        return []
    return items[-k:] + items[:-k] if k else list(items)
""",
                r"""def rotate_right(items, k):
    k %= len(items)
    return items[-k:] + items[:-k] if k else list(items)
""",
                r"""def rotate_right(items, k):
    if not items:
        return []
    k %= len(items)
    return items[k:] + items[:k]
""",
            ],
        ),
    ),
    dict(
        id="tester-068",
        role="tester",
        user=r'''Write tests for `pick`, which builds API responses from model dicts:
```python
def pick(d: dict, keys: list) -> dict:
    """New dict with the given keys that exist in d, ordered as in `keys`.
    d is not modified."""
```''',
        answer=r'''```python
def test_picks_in_key_order():
    out = pick({"a": 1, "b": 2, "c": 3}, ["c", "a"])
    assert out == {"c": 3, "a": 1}
    assert list(out) == ["c", "a"]

def test_missing_keys_skipped():
    assert pick({"a": 1}, ["z"]) == {}
    assert pick({}, []) == {}

def test_does_not_mutate():
    src = {"a": 1, "b": 2}
    pick(src, ["a"])
    assert src == {"a": 1, "b": 2}
```''',
        check=dict(
            kind="test_suite",
            entry_point="pick",
            reference=r"""def pick(d, keys):
    return {k: d[k] for k in keys if k in d}
""",
            mutants=[
                r"""def pick(d, keys):
    return {k: d[k] for k in d if k in keys}
""",
                r"""def pick(d, keys):
    return {k: d.get(k) for k in keys}
""",
                r"""def pick(d, keys):
    for k in list(d):
        if k not in keys:
            del d[k]
    return d
""",
            ],
        ),
    ),
    dict(
        id="tester-069",
        role="tester",
        user=r'''Write tests for `partition`:
```python
def partition(items, predicate) -> tuple[list, list]:
    """(matching, non_matching) by the truthiness of predicate(x); both keep
    the original order and any duplicates."""
```''',
        answer=r'''```python
def test_splits_in_order():
    assert partition([1, 2, 3, 4, 5], lambda x: x % 2) == ([1, 3, 5], [2, 4])

def test_truthiness_and_duplicates():
    assert partition([0, "", None, "a"], bool) == (["a"], [0, "", None])
    assert partition([2, 1, 2], lambda x: x > 1) == ([2, 2], [1])

def test_empty():
    assert partition([], bool) == ([], [])
```''',
        check=dict(
            kind="test_suite",
            entry_point="partition",
            reference=r"""def partition(items, predicate):
    yes, no = [], []
    for x in items:
        (yes if predicate(x) else no).append(x)
    return yes, no
""",
            mutants=[
                r"""def partition(items, predicate):
    yes, no = [], []
    for x in items:
        (yes if predicate(x) else no).append(x)
    return no, yes
""",
                r"""def partition(items, predicate):
    yes, no = [], []
    for x in items:
        (yes if predicate(x) is True else no).append(x)
    return yes, no
""",
                r"""def partition(items, predicate):
    yes, no = [], []
    for x in items:
        (yes if predicate(x) else no).append(x)
    return list(dict.fromkeys(yes)), no
""",
            ],
        ),
    ),
]
