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
are no site-packages in the sandbox: raises, approx, fail, skip, param, mark.parametrize / skip /
skipif / xfail, fixture, and the tmp_path, capsys and monkeypatch fixtures.

How it reports. On a private copy of stdout, one line each, "<nonce> <kind> <repr(payload)>":
    at    (part,) or (part, test)     about to run that part or test
    ok    (tests run,)                every test ran; the process then exits with status 0
    fail  (test or None, exception type, message, [(part, line), ...])    and exits with status 1
A failed `assert a == b` in the tests (rewritten on the host to call `_rt_explain`) carries a
message that starts with EXPLAIN_MARK and shows both sides.
"""

from __future__ import annotations

from collections.abc import Sequence

EXPLAIN_MARK = "\x00explained:"  # starts an assertion message that shows both sides of a comparison


def program(nonce: str, units: Sequence[tuple[str, bytes]], tests: str) -> str:
    """The harness as a program: run `units` ((part, marshalled code), in order), then the tests
    that the part named `tests` defines, reporting on lines that start with `nonce`."""
    head = f"_NONCE = {nonce!r}\n_UNITS = {list(units)!r}\n_TESTS = {tests!r}\n_EXPLAIN_MARK = {EXPLAIN_MARK!r}\n"
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
    _say("fail", (test, type(exc).__name__, message[:2000], frames))
    _exit(1)


def _short(value):
    try:
        text = repr(value)
    except BaseException:
        text = "<unprintable %s>" % type(value).__name__
    return text if len(text) <= 120 else text[:117] + "..."


def _rt_explain(left, right):
    return _EXPLAIN_MARK + "left: %s, right: %s" % (_short(left), _short(right))


# -- a stand-in for the pytest API that tests use most (no site-packages in the sandbox) --
class Skipped(BaseException):
    pass


class Failed(AssertionError):
    pass


def fail(reason="", pytrace=True):
    raise Failed(reason)


def skip(reason="", allow_module_level=False):
    raise Skipped(reason)


fail.Exception, skip.Exception = Failed, Skipped


class RaisesContext:
    def __init__(self, expected, match):
        self.expected, self.match_expr, self.value, self.type = expected, match, None, None

    def __enter__(self):
        return self

    def __exit__(self, etype, value, tb):
        if etype is None:
            raise Failed("DID NOT RAISE %r" % (self.expected,))
        if not issubclass(etype, self.expected):
            return False
        self.value, self.type = value, etype
        if self.match_expr is not None:
            self.match(self.match_expr)
        return True

    def match(self, regexp):
        import re
        if not re.search(regexp, str(self.value)):
            raise Failed("Regex pattern did not match: regex %r, input %r" % (regexp, str(self.value)))
        return True


def raises(expected, *args, match=None, **kwargs):
    context = RaisesContext(expected, match)
    if not args:
        return context
    with context:
        args[0](*args[1:], **kwargs)
    return context


class approx:
    def __init__(self, expected, rel=None, abs=None, nan_ok=False):
        self.expected, self.rel, self.abs, self.nan_ok = expected, rel, abs, nan_ok

    def _close(self, actual, expected):
        if isinstance(expected, dict):
            return isinstance(actual, dict) and actual.keys() == expected.keys() and all(
                self._close(actual[k], expected[k]) for k in expected)
        if isinstance(expected, (list, tuple)):
            return isinstance(actual, (list, tuple)) and len(actual) == len(expected) and all(
                self._close(a, e) for a, e in zip(actual, expected))
        numbers = (int, float, complex)
        if not (isinstance(expected, numbers) and isinstance(actual, numbers)) or isinstance(expected, bool):
            return actual == expected
        if actual == expected:
            return True
        if expected != expected or actual != actual:
            return self.nan_ok and expected != expected and actual != actual
        if _builtins.abs(expected) == float("inf"):
            return False
        tolerance = 1e-12 if self.abs is None else self.abs
        if not (self.rel is None and self.abs is not None):
            tolerance = max(tolerance, (1e-6 if self.rel is None else self.rel) * _builtins.abs(expected))
        return _builtins.abs(actual - expected) <= tolerance

    def __eq__(self, actual):
        return self._close(actual, self.expected)

    __hash__ = None

    def __repr__(self):
        return "approx(%r)" % (self.expected,)


class ParameterSet:
    def __init__(self, values, marks=(), id=None):
        self.values, self.id = values, id
        self.marks = marks if isinstance(marks, (list, tuple)) else (marks,)


def param(*values, marks=(), id=None):
    return ParameterSet(values, marks, id)


class Mark:
    def __init__(self, name, args=(), kwargs=None):
        self.name, self.args, self.kwargs = name, args, kwargs or {}

    def __call__(self, *args, **kwargs):
        if len(args) == 1 and not kwargs and (isinstance(args[0], type) or callable(args[0])) and (
                self.name != "skipif" or self.args):
            target = args[0]
            target._rt_marks = list(getattr(target, "_rt_marks", [])) + [self]
            return target
        return Mark(self.name, args, kwargs)


class _MarkFactory:
    def parametrize(self, argnames, argvalues, indirect=False, ids=None, scope=None):
        names = [n.strip() for n in argnames.split(",") if n.strip()] if isinstance(argnames, str) else list(argnames)
        rows = []
        for row in argvalues:
            marks = ()
            if isinstance(row, ParameterSet):
                marks, row = row.marks, row.values
            elif len(names) == 1:
                row = (row,)
            rows.append((dict(zip(names, row)), tuple(marks)))
        return Mark("parametrize", (rows,))

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return Mark(name)


mark = _MarkFactory()


def fixture(function=None, *, scope="function", params=None, autouse=False, ids=None, name=None):
    def decorate(f):
        f._rt_fixture, f._rt_autouse = name or f.__name__, autouse
        return f
    return decorate(function) if callable(function) else decorate


@fixture
def tmp_path():
    import pathlib, tempfile
    return pathlib.Path(tempfile.mkdtemp(dir=_os.getcwd()))


class _Captured(tuple):
    out = property(lambda self: self[0])
    err = property(lambda self: self[1])


class CaptureFixture:
    def __init__(self):
        import io
        self._saved = _sys.stdout, _sys.stderr
        self._streams = io.StringIO(), io.StringIO()
        _sys.stdout, _sys.stderr = self._streams

    def readouterr(self):
        out, err = (s.getvalue() for s in self._streams)
        for s in self._streams:
            s.seek(0)
            s.truncate()
        return _Captured((out, err))

    def _close(self):
        _sys.stdout, _sys.stderr = self._saved


@fixture
def capsys():
    capture = CaptureFixture()
    yield capture
    capture._close()


class MonkeyPatch:
    _missing = object()

    def __init__(self):
        self._undo = []

    def setattr(self, target, name, value=_missing, raising=True):
        if value is self._missing:  # setattr("module.attr", value)
            import importlib
            path, value = target, name
            module, _, name = path.rpartition(".")
            target = importlib.import_module(module)
        self._undo.append((_builtins.setattr, target, name, getattr(target, name, self._missing)))
        _builtins.setattr(target, name, value)

    def delattr(self, target, name, raising=True):
        if hasattr(target, name):
            self._undo.append((_builtins.setattr, target, name, getattr(target, name)))
            _builtins.delattr(target, name)

    def setitem(self, mapping, key, value):
        self._undo.append(("item", mapping, key, mapping.get(key, self._missing)))
        mapping[key] = value

    def delitem(self, mapping, key, raising=True):
        if key in mapping:
            self._undo.append(("item", mapping, key, mapping[key]))
            del mapping[key]

    def setenv(self, name, value, prepend=None):
        self.setitem(_os.environ, name, str(value))

    def delenv(self, name, raising=True):
        self.delitem(_os.environ, name)

    def chdir(self, path):
        self._undo.append(("cwd", _os.getcwd(), None, None))
        _os.chdir(path)

    def undo(self):
        for how, target, name, old in reversed(self._undo):
            if how == "cwd":
                _os.chdir(target)
            elif how == "item":
                if old is self._missing:
                    target.pop(name, None)
                else:
                    target[name] = old
            elif old is self._missing:
                _builtins.delattr(target, name)
            else:
                _builtins.setattr(target, name, old)
        self._undo = []


@fixture
def monkeypatch():
    patch = MonkeyPatch()
    yield patch
    patch.undo()


_pytest = _types.ModuleType("pytest")
for _name in ("Skipped", "Failed", "fail", "skip", "raises", "approx", "param", "mark", "fixture",
              "MonkeyPatch", "CaptureFixture"):
    setattr(_pytest, _name, globals()[_name])
_BUILTIN_FIXTURES = {"tmp_path": tmp_path, "capsys": capsys, "monkeypatch": monkeypatch}


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
    module._rt_explain = _rt_explain
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
    for name, case, xfail in cases:
        _say("at", (_TESTS, name))
        try:
            case()
        except Skipped:
            continue
        except BaseException as exc:
            if not xfail:
                _fail(exc, name)
        ran += 1
    _say("ok", (ran,))
    _exit(0)


_main()
'''
