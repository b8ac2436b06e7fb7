"""Coder-role examples, part A: strings, parsing, validation, collections, small algorithms, formatting.

Contract (docs/data-format.md): the answer is one ```python block defining `entry_point`, then at
most two short sentences. The check appends `tests` to the extracted code and runs it.
"""

EXAMPLES = [
    # ------------------------------------------------------------------ collections
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
    dict(
        id="coder-011",
        role="coder",
        user=r"""Write `get_path(data, path: str, default=None)` that walks nested dicts and lists using a dotted path like "users.0.name" (numeric parts index into lists) and returns `default` if any step is missing.""",
        answer=r'''```python
def get_path(data, path, default=None):
    node = data
    for part in path.split("."):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return default
    return node
```''',
        check=dict(
            kind="python_tests",
            entry_point="get_path",
            tests=r"""data = {"users": [{"name": "ann"}, {"name": "bo"}], "n": 0}
assert get_path(data, "users.1.name") == "bo"
assert get_path(data, "users.5.name") is None
assert get_path(data, "users.x", "?") == "?"
assert get_path(data, "n") == 0
assert get_path(data, "n.x", -1) == -1""",
        ),
    ),
    dict(
        id="coder-012",
        role="coder",
        user=r"""Write `invert_dict(d: dict) -> dict` swapping keys and values. If two keys share a value, raise ValueError.""",
        answer=r'''```python
def invert_dict(d):
    inverted = {}
    for key, value in d.items():
        if value in inverted:
            raise ValueError(f"duplicate value: {value!r}")
        inverted[value] = key
    return inverted
```''',
        check=dict(
            kind="python_tests",
            entry_point="invert_dict",
            tests=r"""assert invert_dict({"a": 1, "b": 2}) == {1: "a", 2: "b"}
assert invert_dict({}) == {}
assert invert_dict({"x": "y", "y": "z"}) == {"y": "x", "z": "y"}
try:
    invert_dict({"a": 1, "b": 1})
except ValueError:
    pass
else:
    raise AssertionError("expected ValueError")""",
        ),
    ),
    dict(
        id="coder-013",
        role="coder",
        user=r"""We ingest duplicate records from several sources. Write `dedupe_by(records: list[dict], key: str) -> list[dict]` keeping, for each distinct value of `record[key]`, only the LAST record with that value, with results ordered by where each value first appeared.""",
        answer=r'''```python
def dedupe_by(records, key):
    latest = {}
    for record in records:
        latest[record[key]] = record
    return list(latest.values())
```
Reassigning an existing dict key keeps its original position, so order follows first appearance.''',
        check=dict(
            kind="python_tests",
            entry_point="dedupe_by",
            tests=r"""rows = [{"id": 2, "v": "a"}, {"id": 1, "v": "b"}, {"id": 2, "v": "c"}]
assert dedupe_by(rows, "id") == [{"id": 2, "v": "c"}, {"id": 1, "v": "b"}]
assert dedupe_by([], "id") == []
assert dedupe_by([{"k": "x"}], "k") == [{"k": "x"}]""",
        ),
    ),
    dict(
        id="coder-014",
        role="coder",
        user=r"""Write `dict_diff(old: dict, new: dict) -> dict` for an audit log. Return {"added": {...}, "removed": {...}, "changed": {key: (old_value, new_value)}}, comparing top-level keys only.""",
        answer=r'''```python
def dict_diff(old, new):
    return {
        "added": {k: v for k, v in new.items() if k not in old},
        "removed": {k: v for k, v in old.items() if k not in new},
        "changed": {k: (old[k], v) for k, v in new.items() if k in old and old[k] != v},
    }
```''',
        check=dict(
            kind="python_tests",
            entry_point="dict_diff",
            tests=r"""d = dict_diff({"a": 1, "b": 2, "c": 3}, {"a": 1, "b": 5, "d": 4})
assert d == {"added": {"d": 4}, "removed": {"c": 3}, "changed": {"b": (2, 5)}}
assert dict_diff({}, {}) == {"added": {}, "removed": {}, "changed": {}}
assert dict_diff({"x": [1]}, {"x": [1]})["changed"] == {}""",
        ),
    ),
    dict(
        id="coder-015",
        role="coder",
        user=r"""Write `list_changes(old: list[str], new: list[str]) -> tuple[list[str], list[str]]` returning (added, removed): items in new but not in old, and items in old but not in new, each in original order and without duplicates.""",
        answer=r'''```python
def list_changes(old, new):
    old_set, new_set = set(old), set(new)
    added = list(dict.fromkeys(x for x in new if x not in old_set))
    removed = list(dict.fromkeys(x for x in old if x not in new_set))
    return added, removed
```''',
        check=dict(
            kind="python_tests",
            entry_point="list_changes",
            tests=r"""assert list_changes(["a", "b", "c"], ["c", "d", "a", "e"]) == (["d", "e"], ["b"])
assert list_changes([], ["x", "x"]) == (["x"], [])
assert list_changes(["y", "z", "y"], []) == ([], ["y", "z"])
assert list_changes(["q"], ["q"]) == ([], [])""",
        ),
    ),
    dict(
        id="coder-016",
        role="coder",
        user=r"""Write `first_duplicate(items: list)` returning the first item that is seen a second time when scanning left to right, or None if all items are unique. Example: [3, 1, 4, 1, 3] -> 1.""",
        answer=r'''```python
def first_duplicate(items):
    seen = set()
    for item in items:
        if item in seen:
            return item
        seen.add(item)
    return None
```''',
        check=dict(
            kind="python_tests",
            entry_point="first_duplicate",
            tests=r"""assert first_duplicate([3, 1, 4, 1, 3]) == 1
assert first_duplicate([1, 2, 3]) is None
assert first_duplicate([]) is None
assert first_duplicate(["b", "a", "b"]) == "b"
assert first_duplicate([1, 2, 2, 1]) == 2""",
        ),
    ),
    dict(
        id="coder-017",
        role="coder",
        user=r"""Write `top_k(counts: dict[str, int], k: int) -> list[str]` returning the k keys with the highest counts, ties broken alphabetically. A k larger than the dict returns all keys.""",
        answer=r'''```python
def top_k(counts, k):
    return sorted(counts, key=lambda key: (-counts[key], key))[:k]
```''',
        check=dict(
            kind="python_tests",
            entry_point="top_k",
            tests=r"""c = {"x": 3, "b": 5, "a": 5, "z": 1}
assert top_k(c, 2) == ["a", "b"]
assert top_k(c, 3) == ["a", "b", "x"]
assert top_k(c, 10) == ["a", "b", "x", "z"]
assert top_k({}, 3) == []
assert top_k(c, 0) == []""",
        ),
    ),
    dict(
        id="coder-018",
        role="coder",
        user=r"""Write `most_common_words(text: str, n: int, stopwords: set[str] = frozenset()) -> list[tuple[str, int]]`: count lowercase words (runs of ASCII letters), skip stopwords, and return the n most frequent as (word, count), ties alphabetical.""",
        answer=r'''```python
import re
from collections import Counter


def most_common_words(text, n, stopwords=frozenset()):
    words = re.findall(r"[a-z]+", text.lower())
    counts = Counter(w for w in words if w not in stopwords)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
```''',
        check=dict(
            kind="python_tests",
            entry_point="most_common_words",
            tests=r"""text = "The cache, the queue and THE cache again; queue!"
assert most_common_words(text, 2) == [("the", 3), ("cache", 2)]
assert most_common_words(text, 3, {"the"}) == [("cache", 2), ("queue", 2), ("again", 1)]
assert most_common_words("", 5) == []""",
        ),
    ),
    dict(
        id="coder-019",
        role="coder",
        user=r"""Write `longest_run(statuses: list[str]) -> tuple[str, int] | None` for our CI dashboard: return the status with the longest consecutive run and the run length, e.g. ["ok", "fail", "fail", "ok"] -> ("fail", 2). On ties the earliest run wins; an empty list gives None.""",
        answer=r'''```python
from itertools import groupby


def longest_run(statuses):
    best = None
    for status, group in groupby(statuses):
        length = len(list(group))
        if best is None or length > best[1]:
            best = (status, length)
    return best
```''',
        check=dict(
            kind="python_tests",
            entry_point="longest_run",
            tests=r"""assert longest_run(["ok", "fail", "fail", "ok"]) == ("fail", 2)
assert longest_run(["ok", "ok", "fail", "fail"]) == ("ok", 2)
assert longest_run([]) is None
assert longest_run(["ok", "fail", "ok", "ok", "ok"]) == ("ok", 3)""",
        ),
    ),
    dict(
        id="coder-020",
        role="coder",
        user=r"""Write `pack_batches(sizes: list[int], limit: int) -> list[list[int]]` for our uploader: walk the items in order and put their INDICES into batches whose total size stays <= limit, starting a new batch when the next item does not fit. An item larger than the limit gets a batch of its own.""",
        answer=r'''```python
def pack_batches(sizes, limit):
    batches, current, total = [], [], 0
    for i, size in enumerate(sizes):
        if current and total + size > limit:
            batches.append(current)
            current, total = [], 0
        current.append(i)
        total += size
    if current:
        batches.append(current)
    return batches
```''',
        check=dict(
            kind="python_tests",
            entry_point="pack_batches",
            tests=r"""assert pack_batches([4, 3, 2, 6, 1], 7) == [[0, 1], [2], [3, 4]]
assert pack_batches([10, 1], 5) == [[0], [1]]
assert pack_batches([], 5) == []
assert pack_batches([1, 1, 1], 3) == [[0, 1, 2]]
assert pack_batches([2, 9, 2], 5) == [[0], [1], [2]]""",
        ),
    ),
    dict(
        id="coder-021",
        role="coder",
        user=r"""Write `merge_sorted(lists: list[list[int]]) -> list[int]` merging already-sorted lists into one sorted list in O(n log k) using a heap (do not use heapq.merge or sort the result).""",
        answer=r'''```python
import heapq


def merge_sorted(lists):
    heap = [(lst[0], i, 0) for i, lst in enumerate(lists) if lst]
    heapq.heapify(heap)
    out = []
    while heap:
        value, i, j = heapq.heappop(heap)
        out.append(value)
        if j + 1 < len(lists[i]):
            heapq.heappush(heap, (lists[i][j + 1], i, j + 1))
    return out
```
The heap holds one candidate per list, tagged with its list and position.''',
        check=dict(
            kind="python_tests",
            entry_point="merge_sorted",
            tests=r"""assert merge_sorted([[1, 4, 7], [2, 5], [0, 6, 8, 9]]) == [0, 1, 2, 4, 5, 6, 7, 8, 9]
assert merge_sorted([]) == []
assert merge_sorted([[], [1], []]) == [1]
assert merge_sorted([[1, 1], [1]]) == [1, 1, 1]""",
        ),
    ),
    # ------------------------------------------------------------------ matrices, search, graphs
    dict(
        id="coder-022",
        role="coder",
        user=r"""Write `transpose(matrix: list[list]) -> list[list]` swapping rows and columns of a rectangular matrix. An empty matrix stays [].""",
        answer=r'''```python
def transpose(matrix):
    return [list(row) for row in zip(*matrix)]
```''',
        check=dict(
            kind="python_tests",
            entry_point="transpose",
            tests=r"""assert transpose([[1, 2, 3], [4, 5, 6]]) == [[1, 4], [2, 5], [3, 6]]
assert transpose([]) == []
assert transpose([[7]]) == [[7]]
assert transpose([[1], [2]]) == [[1, 2]]""",
        ),
    ),
    dict(
        id="coder-023",
        role="coder",
        user=r"""Write `matmul(a: list[list[float]], b: list[list[float]]) -> list[list[float]]` multiplying two matrices given as lists of rows. Raise ValueError if the inner dimensions differ.""",
        answer=r'''```python
def matmul(a, b):
    if a and len(a[0]) != len(b):
        raise ValueError("inner dimensions differ")
    cols = list(zip(*b))
    return [[sum(x * y for x, y in zip(row, col)) for col in cols] for row in a]
```''',
        check=dict(
            kind="python_tests",
            entry_point="matmul",
            tests=r"""assert matmul([[1, 2], [3, 4]], [[5, 6], [7, 8]]) == [[19, 22], [43, 50]]
assert matmul([[1, 2, 3]], [[1], [2], [3]]) == [[14]]
assert matmul([[2]], [[3, 4]]) == [[6, 8]]
try:
    matmul([[1, 2]], [[1, 2]])
except ValueError:
    pass
else:
    raise AssertionError("expected ValueError")""",
        ),
    ),
    dict(
        id="coder-024",
        role="coder",
        user=r"""Implement `lower_bound(sorted_items: list, target) -> int` by hand (no bisect module): the first index whose item is >= target, or len(sorted_items) if there is none. It must run in O(log n).""",
        answer=r'''```python
def lower_bound(sorted_items, target):
    lo, hi = 0, len(sorted_items)
    while lo < hi:
        mid = (lo + hi) // 2
        if sorted_items[mid] < target:
            lo = mid + 1
        else:
            hi = mid
    return lo
```''',
        check=dict(
            kind="python_tests",
            entry_point="lower_bound",
            tests=r"""import bisect
data = [1, 3, 3, 3, 7, 9]
for t in range(0, 11):
    assert lower_bound(data, t) == bisect.bisect_left(data, t), t
assert lower_bound([], 5) == 0
assert lower_bound(["a", "c"], "b") == 1""",
        ),
    ),
    dict(
        id="coder-025",
        role="coder",
        user=r"""Write `floor_index(items: list[int], x: int) -> int` returning the index of the last element <= x in the ascending list `items`, or -1 if there is none. With duplicates, return the last of them.""",
        answer=r'''```python
import bisect


def floor_index(items, x):
    return bisect.bisect_right(items, x) - 1
```''',
        check=dict(
            kind="python_tests",
            entry_point="floor_index",
            tests=r"""assert floor_index([10, 20, 20, 30], 20) == 2
assert floor_index([10, 20, 30], 25) == 1
assert floor_index([10, 20, 30], 5) == -1
assert floor_index([10, 20, 30], 99) == 2
assert floor_index([], 1) == -1""",
        ),
    ),
    dict(
        id="coder-026",
        role="coder",
        user=r"""Package manager work: write `build_order(deps: dict[str, list[str]]) -> list[str]` where deps maps a package to the packages it depends on (dependencies need not appear as keys). Return an order where every package comes after its dependencies; whenever several packages are ready, take the alphabetically smallest first. Raise ValueError on a cycle.""",
        answer=r'''```python
import heapq


def build_order(deps):
    nodes = set(deps) | {d for ds in deps.values() for d in ds}
    waiting = {n: set(deps.get(n, ())) for n in nodes}
    users = {n: [] for n in nodes}
    for n, ds in waiting.items():
        for d in ds:
            users[d].append(n)
    ready = [n for n, ds in waiting.items() if not ds]
    heapq.heapify(ready)
    order = []
    while ready:
        n = heapq.heappop(ready)
        order.append(n)
        for m in users[n]:
            waiting[m].discard(n)
            if not waiting[m]:
                heapq.heappush(ready, m)
    if len(order) != len(nodes):
        raise ValueError("dependency cycle")
    return order
```
Kahn's algorithm with a min-heap makes the order deterministic.''',
        check=dict(
            kind="python_tests",
            entry_point="build_order",
            tests=r"""assert build_order({"app": ["lib", "log"], "lib": ["log"], "cli": ["lib"]}) == ["log", "lib", "app", "cli"]
assert build_order({}) == []
assert build_order({"b": [], "a": []}) == ["a", "b"]
for bad in ({"a": ["b"], "b": ["a"]}, {"x": ["x"]}):
    try:
        build_order(bad)
    except ValueError:
        pass
    else:
        raise AssertionError(bad)""",
        ),
    ),
    dict(
        id="coder-027",
        role="coder",
        user=r"""Write `build_stages(deps: dict[str, set[str]]) -> list[list[str]]` grouping CI jobs into stages that can run in parallel: stage 0 holds jobs with no dependencies, and each later stage holds the jobs whose dependencies are all in earlier stages. Every job is a key; sort each stage. Raise ValueError on a cycle. Do not mutate the input.""",
        answer=r'''```python
def build_stages(deps):
    remaining = {job: set(d) for job, d in deps.items()}
    stages = []
    while remaining:
        ready = sorted(job for job, d in remaining.items() if not d)
        if not ready:
            raise ValueError("cycle detected")
        stages.append(ready)
        for job in ready:
            del remaining[job]
        for d in remaining.values():
            d.difference_update(ready)
    return stages
```''',
        check=dict(
            kind="python_tests",
            entry_point="build_stages",
            tests=r"""deps = {"lint": set(), "build": set(), "test": {"build"}, "deploy": {"test", "lint"}}
assert build_stages(deps) == [["build", "lint"], ["test"], ["deploy"]]
assert deps["deploy"] == {"test", "lint"}
assert build_stages({}) == []
try:
    build_stages({"a": {"b"}, "b": {"a"}, "c": set()})
except ValueError:
    pass
else:
    raise AssertionError("expected ValueError")""",
        ),
    ),
    dict(
        id="coder-028",
        role="coder",
        user=r"""Write `shortest_hops(graph: dict[str, list[str]], start: str, goal: str) -> int` returning the number of edges on the shortest path in a directed graph given as adjacency lists, or -1 if goal is unreachable. start == goal gives 0.""",
        answer=r'''```python
from collections import deque


def shortest_hops(graph, start, goal):
    dist = {start: 0}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            return dist[node]
        for nxt in graph.get(node, []):
            if nxt not in dist:
                dist[nxt] = dist[node] + 1
                queue.append(nxt)
    return -1
```
Breadth-first search visits nodes in order of distance.''',
        check=dict(
            kind="python_tests",
            entry_point="shortest_hops",
            tests=r"""g = {"a": ["b", "c"], "b": ["d"], "c": ["d"], "d": ["e"], "x": ["a"]}
assert shortest_hops(g, "a", "e") == 3
assert shortest_hops(g, "a", "a") == 0
assert shortest_hops(g, "e", "a") == -1
assert shortest_hops(g, "x", "d") == 3
assert shortest_hops({}, "q", "r") == -1""",
        ),
    ),
    dict(
        id="coder-029",
        role="coder",
        user=r"""Given service links as undirected edges, write `components(edges: list[tuple[str, str]]) -> list[list[str]]` returning the connected components: each component sorted, and the list of components sorted by first element.""",
        answer=r'''```python
def components(edges):
    adj = {}
    for a, b in edges:
        adj.setdefault(a, set()).add(b)
        adj.setdefault(b, set()).add(a)
    seen, groups = set(), []
    for start in adj:
        if start in seen:
            continue
        seen.add(start)
        stack, group = [start], []
        while stack:
            node = stack.pop()
            group.append(node)
            for nxt in adj[node] - seen:
                seen.add(nxt)
                stack.append(nxt)
        groups.append(sorted(group))
    return sorted(groups)
```''',
        check=dict(
            kind="python_tests",
            entry_point="components",
            tests=r"""edges = [("web", "api"), ("db", "api"), ("cache", "queue"), ("zeta", "zeta")]
assert components(edges) == [["api", "db", "web"], ["cache", "queue"], ["zeta"]]
assert components([]) == []
assert components([("b", "a"), ("c", "d"), ("d", "a")]) == [["a", "b", "c", "d"]]""",
        ),
    ),
    dict(
        id="coder-030",
        role="coder",
        user=r"""Routing between regions: write `cheapest_cost(edges: list[tuple[str, str, int]], start: str, goal: str) -> int | None` for a directed graph with non-negative edge costs given as (src, dst, cost). Return the minimal total cost from start to goal, or None if unreachable.""",
        answer=r'''```python
import heapq


def cheapest_cost(edges, start, goal):
    adj = {}
    for src, dst, cost in edges:
        adj.setdefault(src, []).append((dst, cost))
    best = {start: 0}
    heap = [(0, start)]
    while heap:
        cost, node = heapq.heappop(heap)
        if node == goal:
            return cost
        if cost > best[node]:
            continue
        for nxt, w in adj.get(node, []):
            new = cost + w
            if new < best.get(nxt, float("inf")):
                best[nxt] = new
                heapq.heappush(heap, (new, nxt))
    return None
```
This is Dijkstra's algorithm; stale heap entries are skipped.''',
        check=dict(
            kind="python_tests",
            entry_point="cheapest_cost",
            tests=r"""edges = [("eu", "us", 10), ("eu", "uk", 2), ("uk", "us", 5), ("us", "ap", 7), ("uk", "ap", 20)]
assert cheapest_cost(edges, "eu", "us") == 7
assert cheapest_cost(edges, "eu", "ap") == 14
assert cheapest_cost(edges, "ap", "eu") is None
assert cheapest_cost(edges, "eu", "eu") == 0
assert cheapest_cost([("a", "b", 0)], "a", "b") == 0""",
        ),
    ),
    dict(
        id="coder-031",
        role="coder",
        user=r"""Capacity planning: write `lru_evictions(accesses: list[str], capacity: int) -> list[str]` that simulates an LRU cache holding `capacity` keys (capacity >= 1). Each access either refreshes a cached key or loads it, first evicting the least recently used key if the cache is full. Return the evicted keys in order.""",
        answer=r'''```python
from collections import OrderedDict


def lru_evictions(accesses, capacity):
    cache, evicted = OrderedDict(), []
    for key in accesses:
        if key in cache:
            cache.move_to_end(key)
            continue
        if len(cache) >= capacity:
            old, _ = cache.popitem(last=False)
            evicted.append(old)
        cache[key] = True
    return evicted
```
The OrderedDict keeps keys from least to most recently used.''',
        check=dict(
            kind="python_tests",
            entry_point="lru_evictions",
            tests=r"""assert lru_evictions(["a", "b", "a", "c", "d"], 2) == ["b", "a"]
assert lru_evictions(["a", "b", "c"], 3) == []
assert lru_evictions(["a", "a", "a"], 1) == []
assert lru_evictions(["a", "b", "a", "b"], 1) == ["a", "b", "a"]
assert lru_evictions([], 2) == []""",
        ),
    ),
    # ------------------------------------------------------------------ intervals
    dict(
        id="coder-032",
        role="coder",
        user=r"""Write `merge_intervals(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]` that merges overlapping or touching closed ranges, so (1, 3) and (3, 5) become (1, 5). The input may be unsorted; the output is sorted by start.""",
        answer=r'''```python
def merge_intervals(intervals):
    merged = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
```''',
        check=dict(
            kind="python_tests",
            entry_point="merge_intervals",
            tests=r"""assert merge_intervals([(5, 8), (1, 3), (2, 4)]) == [(1, 4), (5, 8)]
assert merge_intervals([(1, 3), (3, 5)]) == [(1, 5)]
assert merge_intervals([(1, 10), (2, 3)]) == [(1, 10)]
assert merge_intervals([]) == []
assert merge_intervals([(4, 4)]) == [(4, 4)]""",
        ),
    ),
    dict(
        id="coder-033",
        role="coder",
        user=r"""Write `covered_length(ranges: list[tuple[int, int]]) -> int` returning how many units are covered by half-open ranges [start, end) that may overlap, e.g. [(0, 5), (3, 8), (10, 12)] -> 10. Ranges with end <= start are empty.""",
        answer=r'''```python
def covered_length(ranges):
    total, reach = 0, float("-inf")
    for start, end in sorted(ranges):
        start = max(start, reach)
        if end > start:
            total += end - start
            reach = end
    return total
```
Sorting by start means each range only adds the part beyond what is already covered.''',
        check=dict(
            kind="python_tests",
            entry_point="covered_length",
            tests=r"""assert covered_length([(0, 5), (3, 8), (10, 12)]) == 10
assert covered_length([(0, 10), (2, 3)]) == 10
assert covered_length([(5, 3), (1, 2)]) == 1
assert covered_length([]) == 0
assert covered_length([(0, 1), (1, 2)]) == 2""",
        ),
    ),
    dict(
        id="coder-034",
        role="coder",
        user=r"""Scheduler helper: write `free_slots(busy: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]`. Given busy half-open ranges (possibly overlapping, unsorted, possibly reaching outside the window), return the free ranges inside [start, end) in order.""",
        answer=r'''```python
def free_slots(busy, start, end):
    free, cursor = [], start
    for b_start, b_end in sorted(busy):
        if cursor >= end:
            break
        if b_start > cursor:
            free.append((cursor, min(b_start, end)))
        cursor = max(cursor, b_end)
    if cursor < end:
        free.append((cursor, end))
    return free
```''',
        check=dict(
            kind="python_tests",
            entry_point="free_slots",
            tests=r"""assert free_slots([(9, 10), (12, 13), (9, 11)], 8, 17) == [(8, 9), (11, 12), (13, 17)]
assert free_slots([], 0, 5) == [(0, 5)]
assert free_slots([(0, 5)], 0, 5) == []
assert free_slots([(3, 4)], 5, 8) == [(5, 8)]
assert free_slots([(6, 20), (1, 2)], 0, 10) == [(0, 1), (2, 6)]""",
        ),
    ),
    dict(
        id="coder-035",
        role="coder",
        user=r"""Write `peak_concurrency(sessions: list[tuple[int, int]]) -> int` returning the maximum number of sessions active at the same time. Sessions are half-open [start, end), so one ending at t and another starting at t do not overlap.""",
        answer=r'''```python
def peak_concurrency(sessions):
    events = sorted([(s, 1) for s, _ in sessions] + [(e, -1) for _, e in sessions])
    peak = active = 0
    for _, delta in events:
        active += delta
        peak = max(peak, active)
    return peak
```
At equal times the -1 events sort first, so back-to-back sessions are not counted together.''',
        check=dict(
            kind="python_tests",
            entry_point="peak_concurrency",
            tests=r"""assert peak_concurrency([(0, 10), (5, 15), (7, 8)]) == 3
assert peak_concurrency([(0, 5), (5, 10)]) == 1
assert peak_concurrency([]) == 0
assert peak_concurrency([(1, 2), (1, 2), (3, 4)]) == 2""",
        ),
    ),
    # ------------------------------------------------------------------ run-length and ranges
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
    # ------------------------------------------------------------------ versions
    dict(
        id="coder-040",
        role="coder",
        user=r"""Write `compare_versions(a: str, b: str) -> int` for dotted numeric versions such as "1.10.2" vs "1.9": return -1, 0 or 1. Compare components numerically; missing components count as 0, so "1.2" == "1.2.0".""",
        answer=r'''```python
def compare_versions(a, b):
    pa = [int(x) for x in a.split(".")]
    pb = [int(x) for x in b.split(".")]
    n = max(len(pa), len(pb))
    pa += [0] * (n - len(pa))
    pb += [0] * (n - len(pb))
    return (pa > pb) - (pa < pb)
```''',
        check=dict(
            kind="python_tests",
            entry_point="compare_versions",
            tests=r"""assert compare_versions("1.10.2", "1.9") == 1
assert compare_versions("1.2", "1.2.0") == 0
assert compare_versions("0.9.9", "1.0") == -1
assert compare_versions("2", "2.0.1") == -1
assert compare_versions("3.0.0", "3") == 0""",
        ),
    ),
    dict(
        id="coder-041",
        role="coder",
        user=r"""Write `semver_cmp(a: str, b: str) -> int` (-1/0/1) following SemVer precedence for "MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]": build metadata is ignored; a pre-release sorts before its release; pre-release identifiers are compared dot by dot, numeric ones numerically and lower than alphanumeric ones; if all shared identifiers are equal, the shorter list is lower.""",
        answer=r'''```python
def semver_cmp(a, b):
    def key(version):
        core, _, pre = version.split("+", 1)[0].partition("-")
        nums = tuple(int(x) for x in core.split("."))
        if not pre:
            return nums, (1,)
        ids = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in pre.split("."))
        return nums, (0, ids)

    ka, kb = key(a), key(b)
    return (ka > kb) - (ka < kb)
```
The sort key encodes every precedence rule so tuples compare correctly.''',
        check=dict(
            kind="python_tests",
            entry_point="semver_cmp",
            tests=r"""order = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
         "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.10.0"]
assert all(semver_cmp(x, y) == -1 for x, y in zip(order, order[1:]))
assert all(semver_cmp(y, x) == 1 for x, y in zip(order, order[1:]))
assert semver_cmp("1.0.0+build.5", "1.0.0") == 0
assert semver_cmp("2.0.0-rc.1+x", "2.0.0-rc.1") == 0""",
        ),
    ),
    dict(
        id="coder-042",
        role="coder",
        user=r"""Release tooling: write `bump_version(version: str, part: str) -> str` for "X.Y.Z" strings, where part is "major", "minor" or "patch". Bumping a part resets the lower parts to 0. Raise ValueError for an unknown part.""",
        answer=r'''```python
def bump_version(version, part):
    major, minor, patch = (int(x) for x in version.split("."))
    if part == "major":
        return f"{major + 1}.0.0"
    if part == "minor":
        return f"{major}.{minor + 1}.0"
    if part == "patch":
        return f"{major}.{minor}.{patch + 1}"
    raise ValueError(f"unknown part: {part!r}")
```''',
        check=dict(
            kind="python_tests",
            entry_point="bump_version",
            tests=r"""assert bump_version("1.4.9", "patch") == "1.4.10"
assert bump_version("1.4.9", "minor") == "1.5.0"
assert bump_version("1.4.9", "major") == "2.0.0"
assert bump_version("0.0.0", "patch") == "0.0.1"
try:
    bump_version("1.0.0", "build")
except ValueError:
    pass
else:
    raise AssertionError("expected ValueError")""",
        ),
    ),
    dict(
        id="coder-043",
        role="coder",
        user=r"""Write `version_key(tag: str) -> tuple[int, ...]` so that `sorted(tags, key=version_key)` puts "v1.2.10" after "v1.2.9". Tags are dotted integers with an optional leading "v" or "V".""",
        answer=r'''```python
def version_key(tag):
    return tuple(int(part) for part in tag.lstrip("vV").split("."))
```''',
        check=dict(
            kind="python_tests",
            entry_point="version_key",
            tests=r"""assert version_key("v1.2.10") == (1, 2, 10)
assert sorted(["v1.2.10", "v1.2.9", "1.10.0", "V0.9"], key=version_key) == ["V0.9", "v1.2.9", "v1.2.10", "1.10.0"]
assert version_key("3") == (3,)""",
        ),
    ),
    dict(
        id="coder-044",
        role="coder",
        user=r"""Write `is_semver(version: str) -> bool` accepting "MAJOR.MINOR.PATCH" with an optional "-prerelease" made of dot-separated identifiers of [0-9A-Za-z-]. The three numbers must not have leading zeros ("01.2.3" is invalid) but "0" itself is fine.""",
        answer=r'''```python
import re

_NUM = r"(?:0|[1-9][0-9]*)"
_SEMVER = re.compile(rf"{_NUM}\.{_NUM}\.{_NUM}(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?")


def is_semver(version):
    return _SEMVER.fullmatch(version) is not None
```''',
        check=dict(
            kind="python_tests",
            entry_point="is_semver",
            tests=r"""assert is_semver("1.2.3")
assert is_semver("0.0.0-rc.1")
assert is_semver("10.20.30-alpha-2.x")
assert not is_semver("01.2.3")
assert not is_semver("1.2")
assert not is_semver("1.2.3-") and not is_semver("1.2.3-a..b") and not is_semver("v1.2.3")""",
        ),
    ),
    dict(
        id="coder-045",
        role="coder",
        user=r"""Write `parse_requirement(line: str) -> tuple[str, str] | None` for requirements lines like "Django>=4.2,<5", "numpy == 1.26.4" or "rich": return (name lowercased, specifier with all spaces removed), e.g. ("django", ">=4.2,<5") or ("rich", ""). Strip trailing "#" comments; blank or comment-only lines give None.""",
        answer=r'''```python
import re


def parse_requirement(line):
    line = line.split("#", 1)[0].strip()
    m = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)(.*)", line)
    if not m:
        return None
    return m.group(1).lower(), re.sub(r"\s+", "", m.group(2))
```''',
        check=dict(
            kind="python_tests",
            entry_point="parse_requirement",
            tests=r"""assert parse_requirement("Django>=4.2,<5") == ("django", ">=4.2,<5")
assert parse_requirement("numpy == 1.26.4  # pinned") == ("numpy", "==1.26.4")
assert parse_requirement("rich") == ("rich", "")
assert parse_requirement("   ") is None
assert parse_requirement("# just a comment") is None""",
        ),
    ),
    # ------------------------------------------------------------------ parsing
    dict(
        id="coder-046",
        role="coder",
        user=r"""Write `parse_kv(line: str) -> dict[str, str]` for log fields like "user=bob status=200 path=/login": whitespace-separated key=value tokens; tokens without "=" are ignored; split each token on the first "=" only.""",
        answer=r'''```python
def parse_kv(line):
    pairs = {}
    for token in line.split():
        if "=" in token:
            key, value = token.split("=", 1)
            pairs[key] = value
    return pairs
```''',
        check=dict(
            kind="python_tests",
            entry_point="parse_kv",
            tests=r"""assert parse_kv("user=bob status=200 path=/login") == {"user": "bob", "status": "200", "path": "/login"}
assert parse_kv("noise x=1") == {"x": "1"}
assert parse_kv("q=a=b k=") == {"q": "a=b", "k": ""}
assert parse_kv("") == {}""",
        ),
    ),
    dict(
        id="coder-047",
        role="coder",
        user=r"""Write `parse_logfmt(line: str) -> dict[str, str]` for logfmt lines such as: level=info msg="user logged in" user=42
Values are bare (no spaces) or double-quoted (may contain spaces; a backslash escapes the next character, e.g. \"). A key with no "=" maps to "".""",
        answer=r'''```python
import re

_PAIR = re.compile(r'([^\s=]+)(?:=("(?:[^"\\]|\\.)*"|\S*))?')


def parse_logfmt(line):
    out = {}
    for key, value in _PAIR.findall(line):
        if value.startswith('"'):
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        out[key] = value
    return out
```
Quoted values are matched as a unit, then their escapes are removed.''',
        check=dict(
            kind="python_tests",
            entry_point="parse_logfmt",
            tests=r'''assert parse_logfmt('level=info msg="user logged in" user=42') == {"level": "info", "msg": "user logged in", "user": "42"}
assert parse_logfmt("debug") == {"debug": ""}
assert parse_logfmt('msg="say \\"hi\\"" n=1') == {"msg": 'say "hi"', "n": "1"}
assert parse_logfmt("a= b=2") == {"a": "", "b": "2"}
assert parse_logfmt("") == {}''',
        ),
    ),
    dict(
        id="coder-048",
        role="coder",
        user=r"""Our log shipper emits lines like `2024-05-01 13:45:09 ERROR [billing] Payment declined for order 881`. Write `parse_log_line(line: str) -> dict | None` returning a dict with keys date, time, level, component and message (all strings), or None if the line does not match that layout. Ignore a trailing newline.""",
        answer=r'''```python
import re

_LINE = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2}) (?P<time>\d{2}:\d{2}:\d{2}) "
    r"(?P<level>[A-Z]+) \[(?P<component>[^\]]+)\] (?P<message>.*)"
)


def parse_log_line(line):
    m = _LINE.fullmatch(line.rstrip("\n"))
    return m.groupdict() if m else None
```''',
        check=dict(
            kind="python_tests",
            entry_point="parse_log_line",
            tests=r"""r = parse_log_line("2024-05-01 13:45:09 ERROR [billing] Payment declined for order 881\n")
assert r == {"date": "2024-05-01", "time": "13:45:09", "level": "ERROR", "component": "billing", "message": "Payment declined for order 881"}
assert parse_log_line("2024-05-01 13:45:09 INFO [api] ")["message"] == ""
assert parse_log_line("garbage") is None
assert parse_log_line("2024-05-01 13:45:09 info [api] x") is None""",
        ),
    ),
    dict(
        id="coder-049",
        role="coder",
        user=r"""Write `parse_size(text: str) -> int` converting sizes like "512", "10KB", "1.5 MB" or "2gb" to bytes. Units B, KB, MB, GB, TB are powers of 1024, case-insensitive, with optional spaces; no unit means bytes. Raise ValueError for anything else.""",
        answer=r'''```python
import re

_UNITS = {"": 1, "B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3, "TB": 1024**4}


def parse_size(text):
    m = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([KMGT]?B)?\s*", text, re.IGNORECASE)
    if not m:
        raise ValueError(f"invalid size: {text!r}")
    number, unit = m.groups()
    return int(float(number) * _UNITS[(unit or "").upper()])
```''',
        check=dict(
            kind="python_tests",
            entry_point="parse_size",
            tests=r"""assert parse_size("512") == 512
assert parse_size("10KB") == 10240
assert parse_size("1.5 MB") == 1572864
assert parse_size("2gb") == 2 * 1024**3
assert parse_size(" 7 b ") == 7
for bad in ("10 XB", "", "MB", "1,5MB"):
    try:
        parse_size(bad)
    except ValueError:
        pass
    else:
        raise AssertionError(bad)""",
        ),
    ),
    dict(
        id="coder-050",
        role="coder",
        user=r"""Write `parse_duration(text: str) -> int` returning seconds for strings like "90s", "1h30m", "2d" or "1h 5m 10s". Units are d, h, m, s; each at most once and in that order; spaces between parts are allowed. Raise ValueError for anything else, including an empty string or a bare number.""",
        answer=r'''```python
import re

_DURATION = re.compile(r"(?:(\d+)d)?\s*(?:(\d+)h)?\s*(?:(\d+)m)?\s*(?:(\d+)s)?")


def parse_duration(text):
    text = text.strip()
    m = _DURATION.fullmatch(text)
    if not text or not m:
        raise ValueError(f"invalid duration: {text!r}")
    days, hours, minutes, seconds = (int(g or 0) for g in m.groups())
    return days * 86400 + hours * 3600 + minutes * 60 + seconds
```''',
        check=dict(
            kind="python_tests",
            entry_point="parse_duration",
            tests=r"""assert parse_duration("90s") == 90
assert parse_duration("1h30m") == 5400
assert parse_duration("2d") == 172800
assert parse_duration(" 1h 5m 10s ") == 3910
for bad in ("", "5", "1m1h", "1x", "h"):
    try:
        parse_duration(bad)
    except ValueError:
        pass
    else:
        raise AssertionError(bad)""",
        ),
    ),
    dict(
        id="coder-051",
        role="coder",
        user=r"""Write `parse_query(qs: str) -> dict[str, list[str]]` for query strings like "tag=a&tag=b&q=hello+world&empty=". Keep repeated keys as lists in order, decode "+" and %XX escapes, skip empty segments, strip a leading "?", and map a key without "=" to [""].""",
        answer=r'''```python
from urllib.parse import unquote_plus


def parse_query(qs):
    result = {}
    for part in qs.lstrip("?").split("&"):
        if not part:
            continue
        key, _, value = part.partition("=")
        result.setdefault(unquote_plus(key), []).append(unquote_plus(value))
    return result
```''',
        check=dict(
            kind="python_tests",
            entry_point="parse_query",
            tests=r"""assert parse_query("?tag=a&tag=b&q=hello+world&empty=") == {"tag": ["a", "b"], "q": ["hello world"], "empty": [""]}
assert parse_query("") == {}
assert parse_query("a=1&&b=%2F") == {"a": ["1"], "b": ["/"]}
assert parse_query("flag") == {"flag": [""]}
assert parse_query("x=1=2") == {"x": ["1=2"]}""",
        ),
    ),
    dict(
        id="coder-052",
        role="coder",
        user=r"""Without using the csv module, write `split_csv_row(row: str) -> list[str]`. Fields are separated by commas; a field may be wrapped in double quotes, and then it may contain commas, and two double quotes in a row inside it stand for one literal quote. An empty row gives [""].""",
        answer=r'''```python
def split_csv_row(row):
    fields, field, quoted, i = [], [], False, 0
    while i < len(row):
        ch = row[i]
        if quoted:
            if ch == '"' and row[i + 1:i + 2] == '"':
                field.append('"')
                i += 1
            elif ch == '"':
                quoted = False
            else:
                field.append(ch)
        elif ch == '"':
            quoted = True
        elif ch == ",":
            fields.append("".join(field))
            field = []
        else:
            field.append(ch)
        i += 1
    fields.append("".join(field))
    return fields
```
A small state machine tracks whether we are inside quotes.''',
        check=dict(
            kind="python_tests",
            entry_point="split_csv_row",
            tests=r'''assert split_csv_row("a,b,c") == ["a", "b", "c"]
assert split_csv_row('a,"b,c",d') == ["a", "b,c", "d"]
assert split_csv_row('"say ""hi""",x') == ['say "hi"', "x"]
assert split_csv_row("") == [""]
assert split_csv_row("a,,") == ["a", "", ""]''',
        ),
    ),
    dict(
        id="coder-053",
        role="coder",
        user=r"""Write `read_records(text: str) -> list[dict[str, str]]`: the first line of the CSV text is the header, and each following row becomes a dict keyed by the header. Use the csv module so quoted fields work, and skip empty lines.""",
        answer=r'''```python
import csv
import io


def read_records(text):
    return list(csv.DictReader(io.StringIO(text)))
```
`csv.DictReader` already skips blank rows and handles quoting.''',
        check=dict(
            kind="python_tests",
            entry_point="read_records",
            tests=r'''text = 'name,city\nAnn,"Paris, FR"\n\nBo,Oslo\n'
assert read_records(text) == [{"name": "Ann", "city": "Paris, FR"}, {"name": "Bo", "city": "Oslo"}]
assert read_records("a,b\n") == []
assert read_records("") == []''',
        ),
    ),
    dict(
        id="coder-054",
        role="coder",
        user=r"""Write `parse_commit_subject(subject: str) -> dict | None` for Conventional Commit subjects like "feat(api)!: add bulk export". Return {"type": "feat", "scope": "api", "breaking": True, "description": "add bulk export"}; scope is None when absent and breaking is True only with "!". Return None if the subject does not follow the `type(scope)!: description` format (type is lowercase letters).""",
        answer=r'''```python
import re

_SUBJECT = re.compile(r"([a-z]+)(?:\(([^()]+)\))?(!)?: (.+)")


def parse_commit_subject(subject):
    m = _SUBJECT.fullmatch(subject.strip())
    if not m:
        return None
    kind, scope, bang, description = m.groups()
    return {"type": kind, "scope": scope, "breaking": bool(bang), "description": description}
```''',
        check=dict(
            kind="python_tests",
            entry_point="parse_commit_subject",
            tests=r"""assert parse_commit_subject("feat(api)!: add bulk export") == {"type": "feat", "scope": "api", "breaking": True, "description": "add bulk export"}
assert parse_commit_subject("fix: handle empty body") == {"type": "fix", "scope": None, "breaking": False, "description": "handle empty body"}
assert parse_commit_subject("Update readme") is None
assert parse_commit_subject("feat(): x") is None
assert parse_commit_subject("feat:no space") is None""",
        ),
    ),
    dict(
        id="coder-055",
        role="coder",
        user=r"""Write `parse_trailers(message: str) -> dict[str, list[str]]` reading git trailers (lines like "Signed-off-by: Ann <a@x.io>") from the last paragraph of a commit message. Paragraphs are separated by blank lines; a message with a single paragraph has no trailers. Keys keep their case (letters, digits, dashes); repeated keys collect values in order. If any line of the last paragraph is not "Key: value", return {}.""",
        answer=r'''```python
import re


def parse_trailers(message):
    paragraphs = [p for p in re.split(r"\n\s*\n", message.strip()) if p.strip()]
    if len(paragraphs) < 2:
        return {}
    trailers = {}
    for line in paragraphs[-1].splitlines():
        m = re.fullmatch(r"([A-Za-z0-9-]+): (.+)", line.strip())
        if not m:
            return {}
        trailers.setdefault(m.group(1), []).append(m.group(2))
    return trailers
```''',
        check=dict(
            kind="python_tests",
            entry_point="parse_trailers",
            tests=r"""msg = "fix: x\n\nBody text.\n\nSigned-off-by: Ann <a@x.io>\nCo-authored-by: Bo <b@x.io>\nSigned-off-by: Cy <c@x.io>\n"
assert parse_trailers(msg) == {"Signed-off-by": ["Ann <a@x.io>", "Cy <c@x.io>"], "Co-authored-by": ["Bo <b@x.io>"]}
assert parse_trailers("fix: x") == {}
assert parse_trailers("fix: x\n\nJust prose here.") == {}
assert parse_trailers("fix: x\n\nRefs: 12\nnot a trailer") == {}""",
        ),
    ),
    dict(
        id="coder-056",
        role="coder",
        user=r"""Write `tokenize(expr: str) -> list[str]` for our calculator: split into numbers (integers or decimals like "3.14"), identifiers ([A-Za-z_] then word characters) and the single-character operators + - * / ( ) and ",". Skip whitespace. Any other character raises ValueError whose message includes its 0-based position.""",
        answer=r'''```python
import re

_TOKEN = re.compile(r"[0-9]+(?:\.[0-9]+)?|[A-Za-z_]\w*|[-+*/(),]")


def tokenize(expr):
    tokens, pos = [], 0
    while pos < len(expr):
        if expr[pos].isspace():
            pos += 1
            continue
        m = _TOKEN.match(expr, pos)
        if not m:
            raise ValueError(f"unexpected {expr[pos]!r} at position {pos}")
        tokens.append(m.group())
        pos = m.end()
    return tokens
```''',
        check=dict(
            kind="python_tests",
            entry_point="tokenize",
            tests=r"""assert tokenize("max(3.5, x1)*2") == ["max", "(", "3.5", ",", "x1", ")", "*", "2"]
assert tokenize("  ") == []
assert tokenize("a-b/ 10") == ["a", "-", "b", "/", "10"]
try:
    tokenize("2 $ 3")
except ValueError as e:
    assert "2" in str(e)
else:
    raise AssertionError("expected ValueError")""",
        ),
    ),
    dict(
        id="coder-057",
        role="coder",
        user=r"""Write `expand_braces(pattern: str) -> list[str]` expanding shell-style alternatives such as "test_{unit,e2e}_{fast,slow}" into every combination, left alternatives varying slowest. Braces are never nested; an empty alternative is allowed ("a{,b}" -> ["a", "ab"]). A pattern without braces returns [pattern].""",
        answer=r'''```python
import itertools
import re


def expand_braces(pattern):
    parts = re.split(r"\{([^{}]*)\}", pattern)
    choices = [part.split(",") if i % 2 else [part] for i, part in enumerate(parts)]
    return ["".join(combo) for combo in itertools.product(*choices)]
```
`re.split` with a capture group puts the brace contents at odd indices.''',
        check=dict(
            kind="python_tests",
            entry_point="expand_braces",
            tests=r"""assert expand_braces("test_{unit,e2e}_{fast,slow}") == ["test_unit_fast", "test_unit_slow", "test_e2e_fast", "test_e2e_slow"]
assert expand_braces("plain") == ["plain"]
assert expand_braces("a{,b}") == ["a", "ab"]
assert expand_braces("{x,y,z}") == ["x", "y", "z"]""",
        ),
    ),
    # ------------------------------------------------------------------ strings and validation
    dict(
        id="coder-058",
        role="coder",
        user=r"""Write `is_hex_color(value: str) -> bool`: True for "#" followed by exactly 3 or 6 hex digits in either case, such as "#fff" or "#1A2b3C"; False otherwise.""",
        answer=r'''```python
import re


def is_hex_color(value):
    return re.fullmatch(r"#(?:[0-9a-fA-F]{3}){1,2}", value) is not None
```''',
        check=dict(
            kind="python_tests",
            entry_point="is_hex_color",
            tests=r"""assert is_hex_color("#fff")
assert is_hex_color("#1A2b3C")
assert not is_hex_color("fff")
assert not is_hex_color("#ffff")
assert not is_hex_color("#ggg")
assert not is_hex_color("#fff\n")""",
        ),
    ),
    dict(
        id="coder-059",
        role="coder",
        user=r"""Theme loader: write `hex_to_rgb(color: str) -> tuple[int, int, int]` for CSS colors like "#ff8800" or the shorthand "#f80" (each digit doubled). Raise ValueError for anything else.""",
        answer=r'''```python
import re


def hex_to_rgb(color):
    m = re.fullmatch(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})", color)
    if not m:
        raise ValueError(f"invalid color: {color!r}")
    digits = m.group(1)
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return tuple(int(digits[i:i + 2], 16) for i in (0, 2, 4))
```''',
        check=dict(
            kind="python_tests",
            entry_point="hex_to_rgb",
            tests=r"""assert hex_to_rgb("#ff8800") == (255, 136, 0)
assert hex_to_rgb("#f80") == (255, 136, 0)
assert hex_to_rgb("#000000") == (0, 0, 0)
for bad in ("ff8800", "#12345", "#xyz"):
    try:
        hex_to_rgb(bad)
    except ValueError:
        pass
    else:
        raise AssertionError(bad)""",
        ),
    ),
    dict(
        id="coder-060",
        role="coder",
        user=r"""Config keys must be snake_case. Write `is_snake_case(name: str) -> bool`: only lowercase ASCII letters, digits and single underscores, starting with a letter and not ending with an underscore. "max_retries" and "v2_api" pass; "Max", "2fa", "a__b" and "x_" do not.""",
        answer=r'''```python
import re


def is_snake_case(name):
    return re.fullmatch(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*", name) is not None
```''',
        check=dict(
            kind="python_tests",
            entry_point="is_snake_case",
            tests=r"""assert is_snake_case("max_retries")
assert is_snake_case("v2_api") and is_snake_case("x")
for bad in ("Max", "2fa", "a__b", "x_", "", "_x", "a-b"):
    assert not is_snake_case(bad), bad""",
        ),
    ),
    dict(
        id="coder-061",
        role="coder",
        user=r"""For our code generator, write `is_valid_field_name(name: str) -> bool`: the name must be a valid Python identifier, must not be a keyword (like "class"), and must not start with an underscore.""",
        answer=r'''```python
import keyword


def is_valid_field_name(name):
    return name.isidentifier() and not keyword.iskeyword(name) and not name.startswith("_")
```''',
        check=dict(
            kind="python_tests",
            entry_point="is_valid_field_name",
            tests=r"""assert is_valid_field_name("user_id")
assert not is_valid_field_name("class")
assert not is_valid_field_name("_secret")
assert not is_valid_field_name("2nd")
assert not is_valid_field_name("")""",
        ),
    ),
    dict(
        id="coder-062",
        role="coder",
        user=r"""Signup form pre-check: write `looks_like_email(value: str) -> bool`. Require exactly one "@", no whitespace anywhere, a non-empty local part, and a domain that contains a dot and neither starts nor ends with one.""",
        answer=r'''```python
def looks_like_email(value):
    if value.count("@") != 1 or any(c.isspace() for c in value):
        return False
    local, domain = value.split("@")
    return bool(local) and "." in domain and not domain.startswith(".") and not domain.endswith(".")
```''',
        check=dict(
            kind="python_tests",
            entry_point="looks_like_email",
            tests=r"""assert looks_like_email("ann@example.com")
assert looks_like_email("a.b+tag@mail.co.uk")
for bad in ("ann@example", "@example.com", "a@b@c.com", "ann @x.com", "ann@.com", "ann@x.com.", ""):
    assert not looks_like_email(bad), bad""",
        ),
    ),
    dict(
        id="coder-063",
        role="coder",
        user=r"""Write `password_problems(pw: str) -> list[str]` returning the rules a password breaks, in this order: "length" (fewer than 12 characters), "lower", "upper", "digit" (no character of that kind) and "symbol" (no character that is neither a letter nor a digit). A good password gives [].""",
        answer=r'''```python
def password_problems(pw):
    checks = [
        ("length", len(pw) >= 12),
        ("lower", any(c.islower() for c in pw)),
        ("upper", any(c.isupper() for c in pw)),
        ("digit", any(c.isdigit() for c in pw)),
        ("symbol", any(not c.isalnum() for c in pw)),
    ]
    return [name for name, ok in checks if not ok]
```''',
        check=dict(
            kind="python_tests",
            entry_point="password_problems",
            tests=r"""assert password_problems("Correct-horse-9") == []
assert password_problems("") == ["length", "lower", "upper", "digit", "symbol"]
assert password_problems("abcdefghijkl") == ["upper", "digit", "symbol"]
assert password_problems("SHORT1!a") == ["length"]""",
        ),
    ),
    dict(
        id="coder-064",
        role="coder",
        user=r"""Write `camel_to_snake(name: str) -> str`: "userId" -> "user_id", "HTTPServerError" -> "http_server_error", "getHTTP" -> "get_http"; names already in snake_case are returned unchanged.""",
        answer=r'''```python
import re


def camel_to_snake(name):
    name = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return name.lower()
```
The first pass splits acronyms from the following word, the second splits lower-to-upper transitions.''',
        check=dict(
            kind="python_tests",
            entry_point="camel_to_snake",
            tests=r"""assert camel_to_snake("userId") == "user_id"
assert camel_to_snake("HTTPServerError") == "http_server_error"
assert camel_to_snake("getHTTP") == "get_http"
assert camel_to_snake("already_snake") == "already_snake"
assert camel_to_snake("Version2Name") == 'version2_name'""",
        ),
    ),
    dict(
        id="coder-065",
        role="coder",
        user=r"""Write `snake_to_camel(name: str) -> str` turning "max_retry_count" into "maxRetryCount". Leading, trailing and repeated underscores are ignored; an empty result gives "".""",
        answer=r'''```python
def snake_to_camel(name):
    parts = [p for p in name.split("_") if p]
    if not parts:
        return ""
    return parts[0].lower() + "".join(p.capitalize() for p in parts[1:])
```''',
        check=dict(
            kind="python_tests",
            entry_point="snake_to_camel",
            tests=r"""assert snake_to_camel("max_retry_count") == "maxRetryCount"
assert snake_to_camel("id") == "id"
assert snake_to_camel("_private_value") == "privateValue"
assert snake_to_camel("a__b_") == "aB"
assert snake_to_camel("___") == ''""",
        ),
    ),
    dict(
        id="coder-066",
        role="coder",
        user=r"""Write `slugify(title: str, max_len: int = 50) -> str` for blog URLs: strip accents with unicodedata, lowercase, replace every run of characters other than ASCII letters and digits with a single "-", trim "-" from both ends, then cut to max_len without leaving a trailing "-".""",
        answer=r'''```python
import re
import unicodedata


def slugify(title, max_len=50):
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:max_len].rstrip("-")
```
NFKD splits accented letters into base letter plus accent, and the ASCII encode drops the accent.''',
        check=dict(
            kind="python_tests",
            entry_point="slugify",
            tests=r"""assert slugify("Crème Brûlée: A Recipe!") == "creme-brulee-a-recipe"
assert slugify("  --Hello,   World--  ") == "hello-world"
assert slugify("abc def", 4) == "abc"
assert slugify("日本") == ""
assert len(slugify("word " * 30)) <= 50""",
        ),
    ),
    dict(
        id="coder-067",
        role="coder",
        user=r"""Write `word_counts(text: str) -> dict[str, int]` counting words case-insensitively, where a word is a run of ASCII letters, digits or apostrophes.""",
        answer=r'''```python
import re
from collections import Counter


def word_counts(text):
    return dict(Counter(re.findall(r"[a-z0-9']+", text.lower())))
```''',
        check=dict(
            kind="python_tests",
            entry_point="word_counts",
            tests=r"""assert word_counts("The cat and the hat.") == {"the": 2, "cat": 1, "and": 1, "hat": 1}
assert word_counts("") == {}
assert word_counts("don't Don't stop") == {"don't": 2, "stop": 1}
assert word_counts("v2, V2!") == {"v2": 2}""",
        ),
    ),
    dict(
        id="coder-068",
        role="coder",
        user=r"""Write `extract_mentions(text: str) -> list[str]` returning the @usernames in a chat message, without the "@", lowercased, deduplicated in first-seen order. A username is 2 to 20 characters of [A-Za-z0-9_] and the "@" must not directly follow a word character or ".", so email addresses do not count.""",
        answer=r'''```python
import re


def extract_mentions(text):
    names = re.findall(r"(?<![\w.])@([A-Za-z0-9_]{2,20})(?![A-Za-z0-9_])", text)
    return list(dict.fromkeys(name.lower() for name in names))
```''',
        check=dict(
            kind="python_tests",
            entry_point="extract_mentions",
            tests=r"""assert extract_mentions("hey @Ann and @bob, mail bob@corp.io; cc @ann @x") == ["ann", "bob"]
assert extract_mentions("no mentions") == []
assert extract_mentions("@" + "a" * 21) == []
assert extract_mentions("(@dev_team) @ops.") == ["dev_team", "ops"]""",
        ),
    ),
    dict(
        id="coder-069",
        role="coder",
        user=r"""Before logs leave the cluster, write `redact_emails(text: str) -> str` replacing every email address with "<email>". An email is a local part of [A-Za-z0-9._%+-]+, an "@", then dot-separated domain labels of [A-Za-z0-9-] ending in a TLD of 2+ letters.""",
        answer=r'''```python
import re

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}")


def redact_emails(text):
    return _EMAIL.sub("<email>", text)
```''',
        check=dict(
            kind="python_tests",
            entry_point="redact_emails",
            tests=r"""assert redact_emails("contact ann.lee+ops@mail.example.com now.") == "contact <email> now."
assert redact_emails("a@b.io, c@d.org") == "<email>, <email>"
assert redact_emails("no at sign here") == "no at sign here"
assert redact_emails("user@localhost") == 'user@localhost'""",
        ),
    ),
    dict(
        id="coder-070",
        role="coder",
        user=r"""Our CI logs contain color codes. Write `strip_ansi(text: str) -> str` removing ANSI CSI sequences: ESC (\x1b) then "[", then digits and semicolons, ending in a letter. Example: "\x1b[31mred\x1b[0m" -> "red".""",
        answer=r'''```python
import re

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def strip_ansi(text):
    return _ANSI.sub("", text)
```''',
        check=dict(
            kind="python_tests",
            entry_point="strip_ansi",
            tests=r"""assert strip_ansi("\x1b[31mred\x1b[0m") == "red"
assert strip_ansi("\x1b[1;32mOK\x1b[0m done") == "OK done"
assert strip_ansi("plain [text]") == "plain [text]"
assert strip_ansi("") == ''""",
        ),
    ),
    dict(
        id="coder-071",
        role="coder",
        user=r"""Write `strip_links(text: str) -> str` that turns markdown links "[label](url)" into just "label". Images ("![alt](src)") must be left untouched.""",
        answer=r'''```python
import re


def strip_links(text):
    return re.sub(r"(?<!!)\[([^\]]*)\]\([^)]*\)", r"\1", text)
```''',
        check=dict(
            kind="python_tests",
            entry_point="strip_links",
            tests=r"""assert strip_links("See [the docs](https://x.io/docs) and [FAQ](/faq).") == "See the docs and FAQ."
assert strip_links("![logo](logo.png)") == "![logo](logo.png)"
assert strip_links("no links [here]") == 'no links [here]'""",
        ),
    ),
    dict(
        id="coder-072",
        role="coder",
        user=r"""Write `render(template: str, values: dict) -> str` replacing placeholders like "{{ name }}" (spaces inside the braces optional; names match [A-Za-z_][A-Za-z0-9_]*) with str(values[name]). Placeholders whose name is missing from values are left untouched.""",
        answer=r'''```python
import re


def render(template, values):
    def replace(m):
        name = m.group(1)
        return str(values[name]) if name in values else m.group(0)

    return re.sub(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}", replace, template)
```''',
        check=dict(
            kind="python_tests",
            entry_point="render",
            tests=r"""assert render("Hi {{name}}, you have {{ n }} alerts", {"name": "Ann", "n": 3}) == "Hi Ann, you have 3 alerts"
assert render("{{ missing }} stays", {}) == "{{ missing }} stays"
assert render("{{a}}{{a}}", {"a": 0}) == "00"
assert render("{single}", {"single": 1}) == '{single}'""",
        ),
    ),
    dict(
        id="coder-073",
        role="coder",
        user=r"""Write `natural_key(s: str) -> list` for sorting build labels the way humans expect, so "build2" sorts before "build10". Split the string into digit and non-digit runs; compare digit runs as integers and text runs case-insensitively.""",
        answer=r'''```python
import re


def natural_key(s):
    parts = re.split(r"([0-9]+)", s)
    return [int(p) if i % 2 else p.lower() for i, p in enumerate(parts)]
```
Splitting on a capture group keeps text at even and numbers at odd positions, so compared elements always share a type.''',
        check=dict(
            kind="python_tests",
            entry_point="natural_key",
            tests=r"""assert sorted(["build10", "build2", "Build1", "build2a"], key=natural_key) == ["Build1", "build2", "build2a", "build10"]
assert sorted(["v1.10", "v1.9", "v1.09b"], key=natural_key) == ["v1.9", "v1.09b", "v1.10"]
assert natural_key("") == [""]
assert sorted(["10", "9", "a"], key=natural_key) == ["9", "10", "a"]""",
        ),
    ),
    dict(
        id="coder-074",
        role="coder",
        user=r"""Command palette: write `fuzzy_match(query: str, candidate: str) -> bool` that is True when all characters of query appear in candidate in the same order (not necessarily adjacent), ignoring case. An empty query matches everything.""",
        answer=r'''```python
def fuzzy_match(query, candidate):
    remaining = iter(candidate.lower())
    return all(ch in remaining for ch in query.lower())
```
Each `in` test consumes the iterator up to the match, which enforces the order.''',
        check=dict(
            kind="python_tests",
            entry_point="fuzzy_match",
            tests=r"""assert fuzzy_match("gco", "Git: Checkout")
assert not fuzzy_match("ocg", "Git: Checkout")
assert fuzzy_match("", "anything")
assert not fuzzy_match("aa", "a")
assert fuzzy_match("AB", "xaxb")""",
        ),
    ),
    dict(
        id="coder-075",
        role="coder",
        user=r"""Write `complete(words: list[str], prefix: str, limit: int = 5) -> list[str]` for autocompletion: return up to `limit` distinct words that start with prefix (case-insensitive match, original spelling kept), shortest first, then alphabetical.""",
        answer=r'''```python
def complete(words, prefix, limit=5):
    p = prefix.lower()
    matches = {w for w in words if w.lower().startswith(p)}
    return sorted(matches, key=lambda w: (len(w), w))[:limit]
```''',
        check=dict(
            kind="python_tests",
            entry_point="complete",
            tests=r"""words = ["deploy", "delete", "Debug", "deploy", "describe", "list"]
assert complete(words, "de") == ["Debug", "delete", "deploy", "describe"]
assert complete(words, "DEP") == ["deploy"]
assert complete(words, "de", limit=2) == ["Debug", "delete"]
assert complete(words, "zz") == []""",
        ),
    ),
    dict(
        id="coder-076",
        role="coder",
        user=r"""We must never log API keys. Write `mask_secret(secret: str, visible: int = 4) -> str` replacing all but the last `visible` characters with "*". Secrets no longer than `visible` are fully masked; visible=0 masks everything.""",
        answer=r'''```python
def mask_secret(secret, visible=4):
    if len(secret) <= visible:
        return "*" * len(secret)
    hidden = len(secret) - visible
    return "*" * hidden + secret[hidden:]
```
Slicing from `hidden` avoids the `secret[-0:]` trap when visible is 0.''',
        check=dict(
            kind="python_tests",
            entry_point="mask_secret",
            tests=r"""assert mask_secret("sk_live_12345678") == "************5678"
assert mask_secret("abc") == "***"
assert mask_secret("abcdef", 0) == "******"
assert mask_secret("") == ""
assert mask_secret("abcdef", 2) == '****ef'""",
        ),
    ),
    dict(
        id="coder-077",
        role="coder",
        user=r"""Write `strip_comment(line: str) -> str` removing a trailing "#" comment and surrounding whitespace from a requirements-style line, e.g. "requests>=2  # http" -> "requests>=2". A line that is only a comment becomes "".""",
        answer=r'''```python
def strip_comment(line):
    return line.split("#", 1)[0].strip()
```''',
        check=dict(
            kind="python_tests",
            entry_point="strip_comment",
            tests=r"""assert strip_comment("requests>=2  # http") == "requests>=2"
assert strip_comment("# only a comment") == ""
assert strip_comment("  flask  ") == "flask"
assert strip_comment("") == ''""",
        ),
    ),
    # ------------------------------------------------------------------ formatting
    dict(
        id="coder-078",
        role="coder",
        user=r"""Write `pluralize(count: int, singular: str, plural: str | None = None) -> str` returning strings like "1 file", "0 files", "3 files". When plural is None, add "s" to the singular.""",
        answer=r'''```python
def pluralize(count, singular, plural=None):
    word = singular if count == 1 else (plural or singular + "s")
    return f"{count} {word}"
```''',
        check=dict(
            kind="python_tests",
            entry_point="pluralize",
            tests=r"""assert pluralize(1, "file") == "1 file"
assert pluralize(0, "file") == "0 files"
assert pluralize(2, "entry", "entries") == "2 entries"
assert pluralize(1, "entry", "entries") == "1 entry"
assert pluralize(-1, "point") == '-1 points'""",
        ),
    ),
    dict(
        id="coder-079",
        role="coder",
        user=r"""Table cells overflow in the CLI. Write `truncate(text: str, width: int) -> str`: return text unchanged if it fits in `width` characters; otherwise cut it and end with "..." so the result is exactly `width` long. Assume width >= 3.""",
        answer=r'''```python
def truncate(text, width):
    if len(text) <= width:
        return text
    return text[:width - 3] + "..."
```''',
        check=dict(
            kind="python_tests",
            entry_point="truncate",
            tests=r"""assert truncate("hello", 10) == "hello"
assert truncate("hello world", 8) == "hello..."
assert truncate("abcd", 3) == "..."
assert truncate("abc", 3) == "abc"
assert len(truncate("x" * 50, 12)) == 12""",
        ),
    ),
    dict(
        id="coder-080",
        role="coder",
        user=r"""Write `human_size(n: int) -> str` for our CLI: byte counts below 1024 print as "512 B"; larger values use the largest unit among KB, MB, GB, TB (powers of 1024, TB at most) with one decimal place, e.g. 1536 -> "1.5 KB", 1048576 -> "1.0 MB".""",
        answer=r'''```python
def human_size(n):
    if n < 1024:
        return f"{n} B"
    value = float(n)
    for unit in ("KB", "MB", "GB", "TB"):
        value /= 1024
        if value < 1024 or unit == "TB":
            return f"{value:.1f} {unit}"
```''',
        check=dict(
            kind="python_tests",
            entry_point="human_size",
            tests=r"""assert human_size(0) == "0 B"
assert human_size(1023) == "1023 B"
assert human_size(1536) == "1.5 KB"
assert human_size(1048576) == "1.0 MB"
assert human_size(5 * 1024**4) == "5.0 TB"
assert human_size(3 * 1024**5) == '3072.0 TB'""",
        ),
    ),
    dict(
        id="coder-081",
        role="coder",
        user=r"""For UI messages, write `human_join(items: list[str], conj: str = "and") -> str`: [] -> "", ["a"] -> "a", ["a", "b"] -> "a and b", ["a", "b", "c"] -> "a, b and c" (no Oxford comma).""",
        answer=r'''```python
def human_join(items, conj="and"):
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {conj} " + items[-1]
```''',
        check=dict(
            kind="python_tests",
            entry_point="human_join",
            tests=r"""assert human_join([]) == ""
assert human_join(["a"]) == "a"
assert human_join(["a", "b"]) == "a and b"
assert human_join(["a", "b", "c"]) == "a, b and c"
assert human_join(["x", "y"], "or") == 'x or y'""",
        ),
    ),
    dict(
        id="coder-082",
        role="coder",
        user=r"""Write `initials(full_name: str) -> str` returning the uppercase first letter of each whitespace-separated part: "ada  lovelace" -> "AL", "Jean-Luc picard" -> "JP".""",
        answer=r'''```python
def initials(full_name):
    return "".join(part[0].upper() for part in full_name.split())
```''',
        check=dict(
            kind="python_tests",
            entry_point="initials",
            tests=r"""assert initials("ada  lovelace") == "AL"
assert initials("Jean-Luc picard") == "JP"
assert initials("") == ""
assert initials("  grace ") == 'G'""",
        ),
    ),
    dict(
        id="coder-083",
        role="coder",
        user=r"""Write `wrap(text: str, width: int) -> list[str]` doing greedy word wrapping without the textwrap module: split on whitespace, put as many words on each line as fit in `width` characters with single spaces between them; a word longer than width goes on its own line unbroken.""",
        answer=r'''```python
def wrap(text, width):
    lines, current = [], ""
    for word in text.split():
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= width:
            current += " " + word
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines
```''',
        check=dict(
            kind="python_tests",
            entry_point="wrap",
            tests=r"""assert wrap("the quick brown fox jumps", 10) == ["the quick", "brown fox", "jumps"]
assert wrap("", 5) == []
assert wrap("a verylongword b", 4) == ["a", "verylongword", "b"]
assert wrap("  one\ttwo\nthree ", 20) == ["one two three"]""",
        ),
    ),
    dict(
        id="coder-084",
        role="coder",
        user=r"""Write `split_message(text: str, limit: int) -> list[str]` that splits a long chat message into parts of at most `limit` characters. Break at the last space that keeps the part within the limit (that space is dropped); if there is none, hard-cut at `limit`. An empty message gives [].""",
        answer=r'''```python
def split_message(text, limit):
    parts = []
    while len(text) > limit:
        cut = text.rfind(" ", 0, limit + 1)
        if cut <= 0:
            parts.append(text[:limit])
            text = text[limit:]
        else:
            parts.append(text[:cut])
            text = text[cut + 1:]
    if text:
        parts.append(text)
    return parts
```''',
        check=dict(
            kind="python_tests",
            entry_point="split_message",
            tests=r"""assert split_message("hello world foo", 11) == ["hello world", "foo"]
assert split_message("abcdefgh", 3) == ["abc", "def", "gh"]
assert split_message("", 5) == []
assert split_message("a b", 10) == ["a b"]
assert split_message("ab cdefg", 4) == ["ab", "cdef", "g"]
assert all(len(p) <= 7 for p in split_message("lorem ipsum dolor sit amet consectetur", 7))""",
        ),
    ),
    dict(
        id="coder-085",
        role="coder",
        user=r"""Write `format_pairs(pairs: dict) -> str` for a CLI "info" command: one line per entry, "key:" followed by the value, with the keys padded so all values start in the same column (one space after the longest "key:"). An empty dict gives "".""",
        answer=r'''```python
def format_pairs(pairs):
    if not pairs:
        return ""
    width = max(len(k) for k in pairs) + 1
    return "\n".join(f"{(k + ':').ljust(width)} {v}" for k, v in pairs.items())
```''',
        check=dict(
            kind="python_tests",
            entry_point="format_pairs",
            tests=r"""assert format_pairs({"name": "api", "replicas": 3}) == "name:     api\nreplicas: 3"
assert format_pairs({}) == ""
assert format_pairs({"a": None}) == 'a: None'""",
        ),
    ),
    dict(
        id="coder-086",
        role="coder",
        user=r"""Write `format_table(headers: list[str], rows: list[list]) -> str` rendering a plain-text table: columns separated by two spaces, each column as wide as its widest cell, a line of dashes under the header, int/float cells right-aligned and everything else left-aligned. Lines have no trailing spaces.""",
        answer=r'''```python
def format_table(headers, rows):
    cells = [[str(c) for c in r] for r in [headers] + rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]

    def line(texts, raw):
        parts = []
        for text, w, value in zip(texts, widths, raw):
            numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
            parts.append(text.rjust(w) if numeric else text.ljust(w))
        return "  ".join(parts).rstrip()

    out = [line(cells[0], headers), "  ".join("-" * w for w in widths)]
    out += [line(c, r) for c, r in zip(cells[1:], rows)]
    return "\n".join(out)
```''',
        check=dict(
            kind="python_tests",
            entry_point="format_table",
            tests=r"""assert format_table(["name", "qty"], [["apple", 3], ["kiwi", 12]]) == "name   qty\n-----  ---\napple    3\nkiwi    12"
assert format_table(["a"], []) == "a\n-"
t = format_table(["x", "y"], [[1.5, "z"], [True, ""]])
assert t.splitlines() == ["x     y", "----  -", " 1.5  z", "True"]""",
        ),
    ),
    dict(
        id="coder-087",
        role="coder",
        user=r"""For CLI "did you mean" hints, write `suggest(word: str, candidates: list[str], max_distance: int = 2) -> list[str]`: compute the Levenshtein distance (insert, delete or substitute, each costing 1) from word to each candidate and return those within max_distance, closest first, ties alphabetical.""",
        answer=r'''```python
def suggest(word, candidates, max_distance=2):
    def distance(a, b):
        prev = list(range(len(b) + 1))
        for i, ca in enumerate(a, 1):
            cur = [i]
            for j, cb in enumerate(b, 1):
                cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
            prev = cur
        return prev[-1]

    scored = sorted((distance(word, c), c) for c in candidates)
    return [c for d, c in scored if d <= max_distance]
```
The distance uses the two-row dynamic programming table.''',
        check=dict(
            kind="python_tests",
            entry_point="suggest",
            tests=r"""cmds = ["status", "stash", "start", "push", "pull"]
assert suggest("statsu", cmds) == ["stash", "status"]
assert suggest("stat", cmds) == ["start", "stash", "status"]
assert suggest("xyz", cmds) == []
assert suggest("pull", cmds, 0) == ["pull"]
assert suggest("puls", cmds) == ["pull", "push"]
assert suggest("puls", cmds, 1) == ["pull"]""",
        ),
    ),
]
