"""Coder-role examples: collections (2 of 2). Contract: source/README.md."""

EXAMPLES = [
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
]
