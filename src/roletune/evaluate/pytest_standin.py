"""The stand-in for the pytest API that the harness (roletune.evaluate.harness) installs as `pytest`
in the sandbox, where there are no site-packages: raises, approx, fail, skip, param, mark.parametrize
/ skip / skipif / xfail, fixture, and the tmp_path, capsys and monkeypatch fixtures.

Source text, spliced into the harness program after its prelude (which binds `_builtins`, `_os`,
`_sys`, `_types`); it never runs on the host.
"""

SOURCE = r'''
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


'''
