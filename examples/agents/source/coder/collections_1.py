"""Coder-role examples: collections (1 of 2). Contract: source/README.md."""

EXAMPLES = [
    dict(
        id="coder-001",
        role="coder",
        user=r"""Write `dedupe(items: list) -> list` that removes duplicates while keeping the first occurrence of each item in its original order. Items are hashable.""",
        answer=r'''```python
def dedupe(items):
    return list(dict.fromkeys(items))
```
Dicts keep insertion order, so `dict.fromkeys` drops later repeats and preserves the first ones.''',
        check=dict(
            kind="python_tests",
            entry_point="dedupe",
            tests=r"""assert dedupe([3, 1, 3, 2, 1]) == [3, 1, 2]
assert dedupe([]) == []
assert dedupe(["a", "A", "a"]) == ["a", "A"]
assert dedupe([(1, 2), (1, 2), (2, 1)]) == [(1, 2), (2, 1)]""",
        ),
    ),
    dict(
        id="coder-002",
        role="coder",
        user=r"""Write `chunk(items: list, size: int) -> list[list]` splitting items into consecutive lists of length `size`; the last chunk may be shorter. Raise ValueError if size < 1.""",
        answer=r'''```python
def chunk(items, size):
    if size < 1:
        raise ValueError("size must be >= 1")
    return [items[i:i + size] for i in range(0, len(items), size)]
```''',
        check=dict(
            kind="python_tests",
            entry_point="chunk",
            tests=r"""assert chunk([1, 2, 3, 4, 5], 2) == [[1, 2], [3, 4], [5]]
assert chunk([], 3) == []
assert chunk([1, 2], 5) == [[1, 2]]
assert chunk([1, 2, 3], 1) == [[1], [2], [3]]
try:
    chunk([1], 0)
except ValueError:
    pass
else:
    raise AssertionError("expected ValueError")""",
        ),
    ),
    dict(
        id="coder-003",
        role="coder",
        user=r"""The API returns tags nested to arbitrary depth. Write `flatten(value) -> list` that recursively flattens nested lists and tuples into one flat list, leaving strings, dicts and other values intact. If `value` itself is not a list or tuple, return `[value]`.""",
        answer=r'''```python
def flatten(value):
    if not isinstance(value, (list, tuple)):
        return [value]
    out = []
    for item in value:
        out.extend(flatten(item))
    return out
```''',
        check=dict(
            kind="python_tests",
            entry_point="flatten",
            tests=r"""assert flatten([1, [2, (3, [4])], "ab"]) == [1, 2, 3, 4, "ab"]
assert flatten([]) == []
assert flatten("x") == ["x"]
assert flatten([{"a": 1}, [[[]]]]) == [{"a": 1}]
assert flatten(((1,), 2)) == [1, 2]""",
        ),
    ),
    dict(
        id="coder-004",
        role="coder",
        user=r"""Write `windows(items: list, size: int) -> list[tuple]` returning every contiguous run of `size` items as a tuple, in order. If size exceeds len(items), return []. Assume size >= 1.""",
        answer=r'''```python
def windows(items, size):
    return [tuple(items[i:i + size]) for i in range(len(items) - size + 1)]
```''',
        check=dict(
            kind="python_tests",
            entry_point="windows",
            tests=r"""assert windows([1, 2, 3, 4], 2) == [(1, 2), (2, 3), (3, 4)]
assert windows([1, 2, 3], 3) == [(1, 2, 3)]
assert windows([1, 2], 3) == []
assert windows("abc", 1) == [("a",), ("b",), ("c",)]""",
        ),
    ),
    dict(
        id="coder-005",
        role="coder",
        user=r"""Our metrics dashboard needs smoothing. Write `moving_average(values: list[float], window: int) -> list[float]` returning the mean of each full window of `window` consecutive values, in O(n) using a running sum. Raise ValueError if window < 1.""",
        answer=r'''```python
def moving_average(values, window):
    if window < 1:
        raise ValueError("window must be >= 1")
    out, total = [], 0.0
    for i, value in enumerate(values):
        total += value
        if i >= window:
            total -= values[i - window]
        if i >= window - 1:
            out.append(total / window)
    return out
```
Each step adds the new value and subtracts the one that left the window.''',
        check=dict(
            kind="python_tests",
            entry_point="moving_average",
            tests=r"""assert moving_average([1, 2, 3, 4, 5], 2) == [1.5, 2.5, 3.5, 4.5]
assert moving_average([5], 3) == []
assert moving_average([2, 4, 6], 3) == [4.0]
assert moving_average([1, 1, 1], 1) == [1.0, 1.0, 1.0]
try:
    moving_average([1], 0)
except ValueError:
    pass
else:
    raise AssertionError("expected ValueError")""",
        ),
    ),
    dict(
        id="coder-006",
        role="coder",
        user=r"""Write `group_by(items: list, key) -> dict` mapping `key(item)` to the list of items with that key, keeping input order within each group and groups in order of first appearance.""",
        answer=r'''```python
def group_by(items, key):
    groups = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return groups
```''',
        check=dict(
            kind="python_tests",
            entry_point="group_by",
            tests=r"""assert group_by(["apple", "bob", "avocado", "cat"], lambda s: s[0]) == {"a": ["apple", "avocado"], "b": ["bob"], "c": ["cat"]}
assert list(group_by([3, 1, 2, 4], lambda n: n % 2)) == [1, 0]
assert group_by([], len) == {}""",
        ),
    ),
    dict(
        id="coder-007",
        role="coder",
        user=r"""`merge_dicts(*dicts: dict) -> dict` — return a NEW dict containing all keys; when a key repeats, the later dict wins. Inputs must not be modified.""",
        answer=r'''```python
def merge_dicts(*dicts):
    merged = {}
    for d in dicts:
        merged.update(d)
    return merged
```''',
        check=dict(
            kind="python_tests",
            entry_point="merge_dicts",
            tests=r"""a, b = {"x": 1, "y": 2}, {"y": 3, "z": 4}
assert merge_dicts(a, b) == {"x": 1, "y": 3, "z": 4}
assert a == {"x": 1, "y": 2} and b == {"y": 3, "z": 4}
assert merge_dicts() == {}
assert merge_dicts(a) == a and merge_dicts(a) is not a
assert merge_dicts({"k": 1}, {"k": None}) == {"k": None}""",
        ),
    ),
    dict(
        id="coder-008",
        role="coder",
        user=r"""For settings overrides, write `deep_merge(base: dict, override: dict) -> dict` returning a new dict where nested dicts are merged recursively and any other override value (including lists) replaces the base value. Neither input may be mutated.""",
        answer=r'''```python
import copy


def deep_merge(base, override):
    result = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = deep_merge(result[key], value)
        else:
            result[key] = copy.deepcopy(value)
    return result
```
Deep copies keep the result independent of both inputs.''',
        check=dict(
            kind="python_tests",
            entry_point="deep_merge",
            tests=r"""base = {"db": {"host": "localhost", "port": 5432}, "tags": ["a"], "debug": False}
over = {"db": {"port": 6543}, "tags": ["b"], "new": {"x": 1}}
merged = deep_merge(base, over)
assert merged == {"db": {"host": "localhost", "port": 6543}, "tags": ["b"], "debug": False, "new": {"x": 1}}
assert base["db"]["port"] == 5432 and base["tags"] == ["a"]
merged["new"]["x"] = 2
assert over["new"]["x"] == 1
assert deep_merge({"a": {"b": 1}}, {"a": 5}) == {"a": 5}""",
        ),
    ),
    dict(
        id="coder-009",
        role="coder",
        user=r"""Write `flatten_dict(d: dict, sep: str = ".") -> dict` turning nested dicts into one level with joined keys: {"db": {"host": "x", "port": 5432}} -> {"db.host": "x", "db.port": 5432}. Empty nested dicts disappear; non-dict values are kept as they are.""",
        answer=r'''```python
def flatten_dict(d, sep="."):
    flat = {}

    def walk(node, prefix):
        for key, value in node.items():
            path = f"{prefix}{sep}{key}" if prefix else str(key)
            if isinstance(value, dict):
                walk(value, path)
            else:
                flat[path] = value

    walk(d, "")
    return flat
```''',
        check=dict(
            kind="python_tests",
            entry_point="flatten_dict",
            tests=r"""assert flatten_dict({"db": {"host": "x", "port": 5432}}) == {"db.host": "x", "db.port": 5432}
assert flatten_dict({"a": {"b": {"c": [1]}}, "d": 2}, sep="/") == {"a/b/c": [1], "d": 2}
assert flatten_dict({"a": {}, "b": None}) == {"b": None}
assert flatten_dict({}) == {}""",
        ),
    ),
    dict(
        id="coder-010",
        role="coder",
        user=r"""Write `unflatten_dict(flat: dict, sep: str = ".") -> dict`, the inverse of flattening: {"a.b": 1, "a.c": 2, "d": 3} -> {"a": {"b": 1, "c": 2}, "d": 3}. Raise ValueError when a key would have to be both a value and a dict (e.g. both "a" and "a.b" are present), in either order.""",
        answer=r'''```python
def unflatten_dict(flat, sep="."):
    root = {}
    for key, value in flat.items():
        *parents, last = key.split(sep)
        node = root
        for part in parents:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                raise ValueError(f"conflicting key: {key!r}")
        if last in node:
            raise ValueError(f"conflicting key: {key!r}")
        node[last] = value
    return root
```''',
        check=dict(
            kind="python_tests",
            entry_point="unflatten_dict",
            tests=r"""assert unflatten_dict({"a.b": 1, "a.c": 2, "d": 3}) == {"a": {"b": 1, "c": 2}, "d": 3}
assert unflatten_dict({"x/y/z": 0}, sep="/") == {"x": {"y": {"z": 0}}}
assert unflatten_dict({}) == {}
for bad in ({"a": 1, "a.b": 2}, {"a.b": 2, "a": 1}):
    try:
        unflatten_dict(bad)
    except ValueError:
        pass
    else:
        raise AssertionError(bad)""",
        ),
    ),
]
