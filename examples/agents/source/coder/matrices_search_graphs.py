"""Coder-role examples: matrices, search, graphs. Contract: source/README.md."""

EXAMPLES = [
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
]
