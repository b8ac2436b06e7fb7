"""Tester-role examples: small state machines. Contract: source/README.md."""

EXAMPLES = [
    dict(
        id="tester-039",
        role="tester",
        user=r'''Write tests for the demo's traffic-light state machine:
```python
def next_light(state: str) -> str:
    """Cycle "green" -> "yellow" -> "red" -> "green".
    Raise ValueError for an unknown state (names are lower case)."""
```''',
        answer=r'''```python
def test_cycle():
    assert next_light("green") == "yellow"
    assert next_light("yellow") == "red"
    assert next_light("red") == "green"

def test_unknown_states():
    for bad in ["blue", "Green", ""]:
        try:
            next_light(bad)
        except ValueError:
            continue
        raise AssertionError(bad)
```''',
        check=dict(
            kind="test_suite",
            entry_point="next_light",
            reference=r"""NEXT = {"green": "yellow", "yellow": "red", "red": "green"}

def next_light(state):
    if state not in NEXT:
        raise ValueError(state)
    return NEXT[state]
""",
            mutants=[
                r"""NEXT = {"green": "yellow", "yellow": "red", "red": "yellow"}

def next_light(state):
    if state not in NEXT:
        raise ValueError(state)
    return NEXT[state]
""",
                r"""NEXT = {"green": "yellow", "yellow": "red", "red": "green"}

def next_light(state):
    state = state.lower()
    if state not in NEXT:
        raise ValueError(state)
    return NEXT[state]
""",
                r"""NEXT = {"green": "yellow", "yellow": "red", "red": "green"}

def next_light(state):
    return NEXT.get(state, "red")
""",
                r"""NEXT = {"green": "yellow", "yellow": "red", "red": "green"}

def next_light(state):
    return NEXT[state]
""",
            ],
        ),
    ),
    dict(
        id="tester-040",
        role="tester",
        user=r'''Ticket SHOP-77: orders could be cancelled after shipping. Write tests for the transition function:
```python
def order_next(state: str, event: str) -> str:
    """pending --pay--> paid --ship--> shipped --deliver--> delivered.
    "cancel" moves pending or paid to "cancelled". Every other
    (state, event) pair raises ValueError."""
```''',
        answer=r'''```python
def test_happy_path():
    s = "pending"
    for event, want in [("pay", "paid"), ("ship", "shipped"), ("deliver", "delivered")]:
        s = order_next(s, event)
        assert s == want

def test_cancel():
    assert order_next("pending", "cancel") == "cancelled"
    assert order_next("paid", "cancel") == "cancelled"

def test_illegal_transitions():
    for state, event in [("shipped", "cancel"), ("pending", "ship"), ("cancelled", "pay")]:
        try:
            order_next(state, event)
        except ValueError:
            continue
        raise AssertionError((state, event))
```''',
        check=dict(
            kind="test_suite",
            entry_point="order_next",
            reference=r"""MOVES = {
    ("pending", "pay"): "paid",
    ("paid", "ship"): "shipped",
    ("shipped", "deliver"): "delivered",
    ("pending", "cancel"): "cancelled",
    ("paid", "cancel"): "cancelled",
}

def order_next(state, event):
    if (state, event) not in MOVES:
        raise ValueError((state, event))
    return MOVES[(state, event)]
""",
            mutants=[
                r"""MOVES = {
    ("pending", "pay"): "paid",
    ("paid", "ship"): "shipped",
    ("shipped", "deliver"): "delivered",
}

def order_next(state, event):
    if event == "cancel":
        return "cancelled"
    if (state, event) not in MOVES:
        raise ValueError((state, event))
    return MOVES[(state, event)]
""",
                r"""MOVES = {
    ("pending", "pay"): "paid",
    ("pending", "ship"): "shipped",
    ("paid", "ship"): "shipped",
    ("shipped", "deliver"): "delivered",
    ("pending", "cancel"): "cancelled",
    ("paid", "cancel"): "cancelled",
}

def order_next(state, event):
    if (state, event) not in MOVES:
        raise ValueError((state, event))
    return MOVES[(state, event)]
""",
                r"""MOVES = {
    ("pending", "pay"): "paid",
    ("paid", "ship"): "shipped",
    ("shipped", "deliver"): "delivered",
    ("pending", "cancel"): "cancelled",
}

def order_next(state, event):
    if (state, event) not in MOVES:
        raise ValueError((state, event))
    return MOVES[(state, event)]
""",
                r"""MOVES = {
    ("pending", "pay"): "paid",
    ("paid", "ship"): "shipped",
    ("shipped", "deliver"): "delivered",
    ("pending", "cancel"): "cancelled",
    ("paid", "cancel"): "cancelled",
}

def order_next(state, event):
    return MOVES.get((state, event), state)
""",
            ],
        ),
    ),
]
