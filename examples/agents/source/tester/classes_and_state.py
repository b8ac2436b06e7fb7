"""Tester-role examples: classes and state. Contract: source/README.md."""

EXAMPLES = [
    dict(
        id="tester-070",
        role="tester",
        user=r'''The metrics agent keeps recent samples in a `RingBuffer`. Write tests for it:
```python
class RingBuffer:
    """Fixed capacity. push(x) appends, dropping the oldest item when full.
    items() returns the contents oldest first; len() is the current size.
    RingBuffer(0) raises ValueError."""
    def __init__(self, capacity: int): ...
    def push(self, x) -> None: ...
    def items(self) -> list: ...
    def __len__(self) -> int: ...
```''',
        answer=r'''```python
def test_overwrites_oldest():
    b = RingBuffer(3)
    for x in [1, 2, 3, 4, 5]:
        b.push(x)
    assert b.items() == [3, 4, 5]
    assert len(b) == 3

def test_partial_fill():
    b = RingBuffer(3)
    assert b.items() == [] and len(b) == 0
    b.push("a")
    assert b.items() == ["a"] and len(b) == 1

def test_zero_capacity():
    try:
        RingBuffer(0)
    except ValueError:
        pass
    else:
        raise AssertionError("expected ValueError")
```''',
        check=dict(
            kind="test_suite",
            entry_point="RingBuffer",
            reference=r"""class RingBuffer:
    def __init__(self, capacity):
        if capacity < 1:
            raise ValueError(capacity)
        self.capacity = capacity
        self._data = []

    def push(self, x):
        self._data.append(x)
        if len(self._data) > self.capacity:
            self._data.pop(0)

    def items(self):
        return list(self._data)

    def __len__(self):
        return len(self._data)
""",
            mutants=[
                r"""class RingBuffer:
    def __init__(self, capacity):
        if capacity < 1:
            raise ValueError(capacity)
        self.capacity = capacity
        self._data = []

    def push(self, x):
        if len(self._data) < self.capacity:
            self._data.append(x)

    def items(self):
        return list(self._data)

    def __len__(self):
        return len(self._data)
""",
                r"""class RingBuffer:
    def __init__(self, capacity):
        if capacity < 1:
            raise ValueError(capacity)
        self.capacity = capacity
        self._data = []

    def push(self, x):
        self._data.append(x)
        if len(self._data) >= self.capacity:
            self._data.pop(0)

    def items(self):
        return list(self._data)

    def __len__(self):
        return len(self._data)
""",
                r"""class RingBuffer:
    def __init__(self, capacity):
        self.capacity = capacity
        self._data = []

    def push(self, x):
        self._data.append(x)
        if len(self._data) > self.capacity:
            self._data.pop(0)

    def items(self):
        return list(self._data)

    def __len__(self):
        return len(self._data)
""",
                r"""class RingBuffer:
    def __init__(self, capacity):
        if capacity < 1:
            raise ValueError(capacity)
        self.capacity = capacity
        self._data = []

    def push(self, x):
        self._data.append(x)
        if len(self._data) > self.capacity:
            self._data.pop(0)

    def items(self):
        return self._data[::-1]

    def __len__(self):
        return len(self._data)
""",
            ],
        ),
    ),
    dict(
        id="tester-071",
        role="tester",
        user=r'''Write tests for the circuit breaker in the payments client:
```python
class CircuitBreaker:
    """Opens after `threshold` consecutive failures. While open, allow(now)
    is False until `cooldown` seconds after opening; then True (half-open).
    A success closes it and resets the count; a failure while half-open
    reopens it at that time."""
    def __init__(self, threshold: int, cooldown: float): ...
    def allow(self, now: float) -> bool: ...
    def record_success(self) -> None: ...
    def record_failure(self, now: float) -> None: ...
```''',
        answer=r'''```python
def test_opens_at_threshold():
    cb = CircuitBreaker(3, 10.0)
    cb.record_failure(0)
    cb.record_failure(1)
    assert cb.allow(1)
    cb.record_failure(2)
    assert not cb.allow(5)

def test_half_open_and_reopen():
    cb = CircuitBreaker(1, 10.0)
    cb.record_failure(0)
    assert not cb.allow(9.9) and cb.allow(10.0)
    cb.record_failure(10.0)
    assert not cb.allow(15) and cb.allow(20)

def test_success_resets():
    cb = CircuitBreaker(2, 10.0)
    cb.record_failure(0)
    cb.record_success()
    cb.record_failure(1)
    assert cb.allow(1)
```''',
        check=dict(
            kind="test_suite",
            entry_point="CircuitBreaker",
            reference=r"""class CircuitBreaker:
    def __init__(self, threshold, cooldown):
        self.threshold = threshold
        self.cooldown = cooldown
        self.failures = 0
        self.opened_at = None

    def allow(self, now):
        return self.opened_at is None or now - self.opened_at >= self.cooldown

    def record_success(self):
        self.failures = 0
        self.opened_at = None

    def record_failure(self, now):
        self.failures += 1
        if self.opened_at is not None or self.failures >= self.threshold:
            self.opened_at = now
""",
            mutants=[
                r"""class CircuitBreaker:
    def __init__(self, threshold, cooldown):
        self.threshold = threshold
        self.cooldown = cooldown
        self.failures = 0
        self.opened_at = None

    def allow(self, now):
        return self.opened_at is None or now - self.opened_at >= self.cooldown

    def record_success(self):
        self.failures = 0
        self.opened_at = None

    def record_failure(self, now):
        self.failures += 1
        if self.opened_at is not None or self.failures > self.threshold:
            self.opened_at = now
""",
                r"""class CircuitBreaker:
    def __init__(self, threshold, cooldown):
        self.threshold = threshold
        self.cooldown = cooldown
        self.failures = 0
        self.opened_at = None

    def allow(self, now):
        return self.opened_at is None or now - self.opened_at > self.cooldown

    def record_success(self):
        self.failures = 0
        self.opened_at = None

    def record_failure(self, now):
        self.failures += 1
        if self.opened_at is not None or self.failures >= self.threshold:
            self.opened_at = now
""",
                r"""class CircuitBreaker:
    def __init__(self, threshold, cooldown):
        self.threshold = threshold
        self.cooldown = cooldown
        self.failures = 0
        self.opened_at = None

    def allow(self, now):
        return self.opened_at is None or now - self.opened_at >= self.cooldown

    def record_success(self):
        self.opened_at = None

    def record_failure(self, now):
        self.failures += 1
        if self.opened_at is not None or self.failures >= self.threshold:
            self.opened_at = now
""",
                r"""class CircuitBreaker:
    def __init__(self, threshold, cooldown):
        self.threshold = threshold
        self.cooldown = cooldown
        self.failures = 0
        self.opened_at = None

    def allow(self, now):
        return self.opened_at is None or now - self.opened_at >= self.cooldown

    def record_success(self):
        self.failures = 0
        self.opened_at = None

    def record_failure(self, now):
        self.failures += 1
        if self.opened_at is None and self.failures >= self.threshold:
            self.opened_at = now
""",
            ],
        ),
    ),
]
