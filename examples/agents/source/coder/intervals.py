"""Coder-role examples: intervals. Contract: source/README.md."""

EXAMPLES = [
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
]
