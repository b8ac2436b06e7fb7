"""The harness that runs a check's compiled parts inside the sandbox (roletune.evaluate.checks).

It is source text, not an imported module: `program(nonce, units, tests)` returns a complete
program for `sandbox.run_python`, which runs it as `main.py` in a bare interpreter (`-S`: standard
library only, nothing of roletune). The text is kept here as a string, as the sandbox's bootstrap
is, because the code must never run on the host: at the top level it takes over stdout, and it
ends the process when the tests are done.

What it does. It executes the parts (marshalled code objects, each compiled on the host with its
own filename, "<setup>", "<answer>", "<test>", ...) in one module namespace named `__answer__`,
then calls every `test*` function and `Test*` class method (and unittest.TestCase tests) the
`tests` part defines. It installs a stand-in for the pytest API that tests use most, since there
are no site-packages in the sandbox (pytest_standin.py, spliced into the program's text).

How it reports. On a private copy of stdout, one line each, "<nonce> <kind> <repr(payload)>":
    at     (part,) or (part, test)     about to run that part or test
    cases  (number of test cases,)     the tests were collected
    unit   (label, passed: True/False/None for skipped, units passed so far, units skipped so far)
                                       a unit of the score ended (program.py says what a unit is)
    ok     (tests run,)                every test ran; the process then exits with status 0
    fail   (test or None, exception type, message, [(part, line), ...])    the first failure; the
                                       process exits with status 1 (at once, or with `keep_going`
                                       after the remaining units ran)
With `keep_going`, the host has wrapped each top-level statement of the tests to call
`_rt_unit(exception or None, line, counted)`, and a failed test case does not stop the run.
A failed `assert a == b` in the tests (rewritten on the host to call `_rt_explain`) carries a
message that starts with EXPLAIN_MARK and shows both sides.
"""

from __future__ import annotations

from collections.abc import Sequence

from roletune.evaluate import pytest_standin

EXPLAIN_MARK = "\x00explained:"  # starts an assertion message that shows both sides of a comparison


def program(nonce: str, units: Sequence[tuple[str, bytes]], tests: str, *, keep_going: bool = False) -> str:
    """The harness as a program: run `units` ((part, marshalled code), in order), then the tests
    that the part named `tests` defines, reporting on lines that start with `nonce`; with
    `keep_going`, past a failure to the end of the tests."""
    head = (f"_NONCE = {nonce!r}\n_UNITS = {list(units)!r}\n_TESTS = {tests!r}\n_EXPLAIN_MARK = {EXPLAIN_MARK!r}\n"
            f"_KEEP_GOING = {bool(keep_going)!r}\n")
    return head + _SOURCE


_SOURCE = r'''
import builtins as _builtins, marshal as _marshal, os as _os, sys as _sys, types as _types

_out = _os.dup(1)
_write, _exit, _getpid = _os.write, _os._exit, _os.getpid
_PID = _getpid()
_CO_GENERATOR = 0x20


def _say(kind, payload):
    if _getpid() != _PID:  # a process the code forked came back here: only the program speaks
        _exit(0 if kind == "ok" else 1)
    for stream in (_sys.stdout, _sys.stderr):
        try:
            stream.flush()
        except BaseException:
            pass
    _write(_out, ("\n%s %s %r\n" % (_NONCE, kind, payload)).encode("utf-8", "backslashreplace"))


def _fail(exc, test=None):
    _say("fail", _failure(exc, test))
    _exit(1)


_FIRST_FAILURE, _TALLY = [], {"passed": 0, "failed": 0, "skipped": 0}


def _failed(exc, test=None):
    """A failure: the end of the run, or with _KEEP_GOING the first one is reported and the run goes on."""
    if not _KEEP_GOING:
        _fail(exc, test)
    if not _FIRST_FAILURE:
        _FIRST_FAILURE.append(True)
        _say("fail", _failure(exc, test))


def _unit(label, passed):
    _TALLY["skipped" if passed is None else "passed" if passed else "failed"] += 1
    _say("unit", (label, passed, _TALLY["passed"], _TALLY["skipped"]))


def _rt_unit(exc, line, counted):
    """Called by each top-level statement of the tests the host wrapped (keep_going)."""
    if isinstance(exc, Skipped):
        raise exc
    if exc is not None:
        _failed(exc)
    if counted:
        _unit("line %d" % line, exc is None)


def _failure(exc, test):
    frames, tb = [], exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name[:1] == "<" and name[-1:] == ">":
            frames.append((name[1:-1], tb.tb_lineno))
        tb = tb.tb_next
    try:
        message = str(exc)
    except BaseException:
        message = "<unprintable>"
    return (test, type(exc).__name__, message[:2000], frames)


def _short(value):
    try:
        text = repr(value)
    except BaseException:
        text = "<unprintable %s>" % type(value).__name__
    return text if len(text) <= 120 else text[:117] + "..."


def _rt_explain(left, right):
    return _EXPLAIN_MARK + "left: %s, right: %s" % (_short(left), _short(right))


''' + pytest_standin.SOURCE + r'''
# -- running the parts, then the tests --
def _marks(obj, name):
    return [m for m in getattr(obj, "_rt_marks", ()) if m.name == name]


def _skipped(obj):
    return bool(_marks(obj, "skip")) or any(m.args and m.args[0] for m in _marks(obj, "skipif"))


def _wanted(function, bound):
    code = function.__code__
    names = list(code.co_varnames[: code.co_argcount + code.co_kwonlyargcount])
    n_defaults = len(function.__defaults__ or ())
    required = names[: len(names) - n_defaults] if n_defaults else names
    return required[1:] if bound else required


def _call(function, bound, fixtures, given):
    cache, teardown = dict(given), []

    def resolve(name, stack):
        if name in cache:
            return cache[name]
        maker = fixtures.get(name)
        if maker is None or name in stack:
            raise LookupError("fixture %r not found (available: %s)" % (name, ", ".join(sorted(fixtures))))
        value = maker(**{a: resolve(a, stack + (name,)) for a in _wanted(maker, False)})
        if maker.__code__.co_flags & _CO_GENERATOR:
            generator, value = value, next(value)
            teardown.append(generator)
        cache[name] = value
        return value

    try:
        for name, maker in fixtures.items():
            if getattr(maker, "_rt_autouse", False):
                resolve(name, ())
        plain = function.__func__ if bound else function
        function(**{a: resolve(a, ()) for a in _wanted(plain, bound)})
    finally:
        for generator in reversed(teardown):
            for _ in generator:
                pass


def _cases(namespace, part):
    """(name, zero-argument callable, expect failure) for each test the part defines, in order."""
    filename = "<%s>" % part
    fixtures = dict(_BUILTIN_FIXTURES)
    fixtures.update({v._rt_fixture: v for v in namespace.values() if isinstance(getattr(v, "_rt_fixture", None), str)})
    units = []
    for name, obj in list(namespace.items()):
        if isinstance(obj, _types.FunctionType) and name.startswith("test") and obj.__code__.co_filename == filename \
                and not hasattr(obj, "_rt_fixture"):
            units.append((name, obj, None))
        elif isinstance(obj, type) and (name.startswith("Test") or _is_testcase(obj)):
            for attr, member in list(vars(obj).items()):
                if attr.startswith("test") and isinstance(member, _types.FunctionType) \
                        and member.__code__.co_filename == filename:
                    units.append(("%s.%s" % (name, attr), member, obj))
    cases = []
    for name, function, cls in units:
        if _skipped(function) or (cls is not None and _skipped(cls)):
            continue
        xfail = bool(_marks(function, "xfail") or (cls is not None and _marks(cls, "xfail")))
        rows = [({}, ())]
        for m in reversed(_marks(function, "parametrize")):
            rows = [({**a, **b}, ma + mb) for a, ma in rows for b, mb in m.args[0]]
        for i, (given, row_marks) in enumerate(rows):
            if any(m.name == "skip" for m in row_marks):
                continue
            label = name if len(rows) == 1 else "%s[%d]" % (name, i)
            cases.append((label, _runner(function, cls, fixtures, given),
                          xfail or any(m.name == "xfail" for m in row_marks)))
    return cases


def _is_testcase(cls):
    unittest = _sys.modules.get("unittest")
    return unittest is not None and issubclass(cls, unittest.TestCase)


def _runner(function, cls, fixtures, given):
    if cls is None:
        return lambda: _call(function, False, fixtures, given)

    def run():
        if _is_testcase(cls):
            cls.setUpClass()
            try:
                cls(function.__name__).debug()  # setUp, the test, tearDown; exceptions propagate
            finally:
                cls.tearDownClass()
            return
        instance = cls()
        for hook in ("setup_method", "setUp"):
            if hasattr(instance, hook):
                getattr(instance, hook)(*([function] if hook == "setup_method" else []))
        try:
            _call(getattr(instance, function.__name__), True, fixtures, given)
        finally:
            for hook in ("teardown_method", "tearDown"):
                if hasattr(instance, hook):
                    getattr(instance, hook)(*([function] if hook == "teardown_method" else []))
    return run


def _main():
    module = _types.ModuleType("__answer__")
    module.__file__ = _os.path.abspath("main.py")
    module._rt_explain, module._rt_unit = _rt_explain, _rt_unit
    _sys.modules["__answer__"] = module
    _sys.modules.setdefault("pytest", _pytest)
    namespace = module.__dict__
    for part, code in _UNITS:
        _say("at", (part,))
        try:
            exec(_marshal.loads(code), namespace)
        except Skipped:
            break
        except BaseException as exc:
            _fail(exc)
    ran = 0
    try:
        cases = _cases(namespace, _TESTS)
    except BaseException as exc:
        _fail(exc)
    _say("cases", (len(cases),))
    for name, case, xfail in cases:
        _say("at", (_TESTS, name))
        try:
            case()
        except Skipped:
            _unit(name, None)
            continue
        except BaseException as exc:
            if not xfail:
                _failed(exc, name)
                _unit(name, False)
                continue
        ran += 1
        _unit(name, True)
    if _FIRST_FAILURE:
        _exit(1)
    _say("ok", (ran,))
    _exit(0)


_main()
'''
