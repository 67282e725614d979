"""Runs inside the component (componentize-py's CPython), next to the generated adapter.

Generic pieces of the adapter that do not depend on the interface: turning an exception into the
``guest-error`` result, converting containers, and making the project's host-provided modules
call the WIT imports. Kept free of anything the guest's stdlib lacks.
"""

import datetime
import decimal
import fractions
import functools
import importlib
import importlib.abc
import importlib.machinery
import inspect
import sys
import traceback
import uuid

import pywasm_errordetail as detail
import pywasm_isotext as isotext
from componentize_py_types import Err
from wit_world.imports.types import GuestError


def guard(call):
    """Runs ``call``; any exception leaves as ``Err(guest-error)`` so it never traps."""
    try:
        return call()
    except Err:
        raise
    except BaseException as exc:
        raise Err(guest_error(exc)) from None


def guest_error(exc):
    """The ``guest-error`` record of ``exc``: ``type-name`` and ``message`` as always, and in
    ``traceback`` the JSON document of ``pywasm_errordetail`` (the runtime's ``errordetail``),
    from which the host rebuilds the exception."""
    tb = exc.__traceback__
    hide = _ADAPTER_FILES if _has_user_frames(tb) else ()
    text = _format_traceback(exc, tb, hide)
    try:
        traceback_field = detail.document(exc, tb, text, hide=hide)
    except Exception:  # a broken __str__ or __dict__ must not trap the call
        traceback_field = text
    return GuestError(
        type_name=detail.qualified(type(exc)),
        message=detail.safe_str(exc),
        traceback=traceback_field,
    )


class HostError(Exception):
    """A host function's exception whose class the guest cannot import (a class of the host
    application, a JavaScript error): named like that class, also an instance of its nearest
    base the guest can import; ``str()`` is the host's."""

    __slots__ = ("message", "type_name")

    def __str__(self):
        return self.message


class _HostResolver(detail.Resolver):
    """The host's classes in the guest: any module the component holds (the host is trusted;
    the guest can only import what was bundled)."""

    foreign_root = HostError
    parse_iso = staticmethod(isotext.parse)

    def module(self, name):
        try:
            return importlib.import_module(name)
        except Exception:  # not a module (a class path), or not in the component
            return None

    def foreign(self, type_name, base, args, text):
        exc = super().foreign(type_name, base, args, text)
        exc.type_name, exc.message = type_name, text
        return exc


def host_call(call, boxed=False):
    """Calls a WIT import (``result<T, guest-error>``; ``boxed``: ``result<tuple<T>, ...>``, see
    the model's ``boxed_import_result``) and returns its value; an error is the host function's
    exception, raised here as the same class with its args, attributes, notes, cause and
    context, so guest code catches it as it would natively."""
    try:
        value = call()
    except Err as err:
        error = err.value
    else:
        return value[0] if boxed else value
    raise host_exception(error)  # outside the except: no context of ours


def host_exception(error):
    """The exception a ``guest-error`` from the host stands for."""
    resolver = _HostResolver()
    described = detail.parse(error.traceback)
    if described is None:  # a host that sends only the class and message (not ours)
        exception = {"type": error.type_name, "str": error.message, "args": [error.message]}
        return detail.rebuild(exception, resolver)
    return detail.rebuild(described["exception"], resolver)


def _has_user_frames(tb):
    """The adapter's own frames only say how a call got there (or to the host and back): they
    are left out, unless there is nothing else (a failure of the adapter itself)."""
    return any(not f.f_code.co_filename.endswith(_ADAPTER_FILES) for f, _ in traceback.walk_tb(tb))


_ADAPTER_FILES = ("pywasm_guest.py", "pywasm_adapter.py")


def _format_traceback(exc, tb, hide, seen=None):
    """Python's traceback layout, chained exceptions included, without source lines.

    The traceback module reads source lines through linecache, whose ``os.stat`` traps in a
    stub-wasi build (and finds no files in the sandbox anyway); even ``format_exception_only``
    does, for the frames of a chained cause. A trap here would turn every guest exception into
    a dead instance, so the layout is written out by hand."""
    seen = seen if seen is not None else {id(exc)}
    text = ""
    if exc.__cause__ is not None:
        chained, link = exc.__cause__, _CAUSE
    elif exc.__context__ is not None and not exc.__suppress_context__:
        chained, link = exc.__context__, _CONTEXT
    else:
        chained = None
    if chained is not None and id(chained) not in seen:
        seen.add(id(chained))
        text = _format_traceback(chained, chained.__traceback__, hide, seen) + link
    frames = [
        f'  File "{frame.f_code.co_filename}", line {line}, in {frame.f_code.co_name}\n'
        for frame, line in traceback.walk_tb(tb)
        if not (hide and frame.f_code.co_filename.endswith(hide))
    ]
    if frames:
        text += "Traceback (most recent call last):\n" + "".join(frames)
    kind = type(exc)
    name = (
        kind.__qualname__
        if kind.__module__ == "builtins"
        else f"{kind.__module__}.{kind.__qualname__}"
    )
    message = str(exc)
    return text + (f"{name}: {message}\n" if message else f"{name}\n")


_CAUSE = "\nThe above exception was the direct cause of the following exception:\n\n"
_CONTEXT = "\nDuring handling of the above exception, another exception occurred:\n\n"


def import_where_possible(modules):
    """Imports each of ``modules`` at build time, so componentize-py bundles it; one that fails
    to import (it needs what the guest lacks, or is a script) is skipped: a run-time import
    of it then fails as it would have here."""
    for name in modules:
        try:
            importlib.import_module(name)
        except BaseException:  # SystemExit of a script module too
            sys.modules.pop(name, None)


def result_check(function, declared, spec):
    """A function checking what ``function`` returned against its declared type (``spec``,
    from the adapter's ``checks``): returns the value, or raises ``TypeError`` (an int out of
    range: ``OverflowError``) naming the function, the declared type and the value's type."""

    def check(value):
        problem = _misfit(value, spec, "")
        if problem is not None:
            kind, where, expected = problem
            at = f"{where}: " if where else ""
            raise kind(
                f"{function}() must return {declared}, but returned {_type_name(value)} "
                f"({at}expected {expected})"
            )
        return value

    return check


def _type_name(value):
    kind = type(value)
    return kind.__qualname__ if kind.__module__ == "builtins" else detail.qualified(kind)


def _misfit(value, spec, where):
    """None when ``value`` fits ``spec``, else (exception class, path, what was expected)."""
    tag = spec[0]
    if tag == "any":
        return None
    if tag == "int":
        if not isinstance(value, int):
            return TypeError, where, f"int, got {_type_name(value)}"
        if not spec[2] <= value <= spec[3]:
            return OverflowError, where, f"an int in {spec[1]}'s range, got {value}"
        return None
    if tag == "float":
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return None if ok else (TypeError, where, f"float, got {_type_name(value)}")
    if tag == "bool":
        return (
            None
            if isinstance(value, bool)
            else (TypeError, where, f"bool, got {_type_name(value)}")
        )
    if tag in ("str", "char"):
        if not isinstance(value, str) or (tag == "char" and len(value) != 1):
            what = "str" if tag == "str" else "a one-character str"
            return TypeError, where, f"{what}, got {_type_name(value)}"
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            return (
                TypeError,
                where,
                f"valid Unicode text, got a str with a lone surrogate at {exc.start}",
            )
        return None
    if tag == "bytes":
        ok = isinstance(value, bytes | bytearray | memoryview)
        return None if ok else (TypeError, where, f"bytes, got {_type_name(value)}")
    if tag == "option":
        return None if value is None else _misfit(value, spec[1], where)
    if tag == "sequence":
        if spec[1] == "tuple" and not isinstance(value, tuple):
            return TypeError, where, f"tuple, got {_type_name(value)}"
        if isinstance(value, str | bytes | bytearray | dict) or not hasattr(value, "__iter__"):
            return TypeError, where, f"a list or other iterable, got {_type_name(value)}"
        if not isinstance(value, list | tuple | set | frozenset):
            return None  # an iterator: checking would consume it
        return _first(_misfit(v, spec[2], f"{where}[{i}]") for i, v in enumerate(value))
    if tag == "literal":
        ok = any(value == v and type(value) is type(v) for v in spec[1])
        return None if ok else (TypeError, where, f"one of {list(spec[1])!r}, got {value!r}")
    if tag == "tuple":
        if not isinstance(value, tuple) or len(value) != len(spec[1]):
            return TypeError, where, f"a tuple of {len(spec[1])}, got {_type_name(value)}"
        return _first(
            _misfit(v, s, f"{where}[{i}]")
            for i, (v, s) in enumerate(zip(value, spec[1], strict=True))
        )
    if tag == "dict":
        if not isinstance(value, dict):
            return TypeError, where, f"dict, got {_type_name(value)}"
        return _first(
            _misfit(k, spec[1], f"{where} key {k!r}") or _misfit(v, spec[2], f"{where}[{k!r}]")
            for k, v in value.items()
        )
    if tag == "instance":
        if not isinstance(value, spec[1]):
            return TypeError, where, f"{spec[1].__qualname__}, got {_type_name(value)}"
        return _first(
            _misfit(getattr(value, name, None), field, f"{where}.{name}".lstrip("."))
            for name, field in spec[2]
        )
    if tag == "variant":
        for case in spec[2]:
            if isinstance(value, case[1]):
                return _misfit(value, case, where)
        names = ", ".join(case[1].__qualname__ for case in spec[2])
        return TypeError, where, f"one of {names} ({spec[1]}), got {_type_name(value)}"
    return None


def _first(problems):
    return next((p for p in problems if p is not None), None)


def resolve(module, qualname):
    """A user class by module and qualified name (imports the module if needed)."""
    value = importlib.import_module(module)
    for part in qualname.split("."):
        value = getattr(value, part)
    return value


# Container converters: each takes the element converters and returns a one-argument function.


def list_of(convert):
    return lambda value: [convert(v) for v in value]


def tuple_of(*converts):
    return lambda value: tuple(c(v) for c, v in zip(converts, value, strict=True))


def option_of(convert):
    return lambda value: None if value is None else convert(value)


def dict_from_pairs(key, val):
    return lambda pairs: {key(k): val(v) for k, v in pairs}


def pairs_from_dict(key, val):
    return lambda mapping: [(key(k), val(v)) for k, v in mapping.items()]


def identity(value):
    return value


def tuple_of_items(convert):
    """``tuple[T, ...]`` (WIT list): a tuple of the converted items."""
    return lambda value: tuple(convert(v) for v in value)


def iterator_of(convert):
    return lambda value: iter([convert(v) for v in value])


def set_of(convert):
    return lambda value: {convert(v) for v in value}


def frozenset_of(convert):
    return lambda value: frozenset(convert(v) for v in value)


def literal_from_wit(values):
    """A Literal's binding enum member to its value (``values``: member name -> value)."""
    return lambda member: values[member.name]


def literal_to_wit(target, members):
    """A Literal value to ``target``'s member (``members``: value -> member name)."""

    def convert(value):
        try:
            return target[members[value]]
        except (KeyError, TypeError):
            raise ValueError(f"expected one of {list(members)!r}, got {value!r}") from None

    return convert


def typeddict_from_wit(_binding, fields):
    """A binding record to a dict; ``fields``: (key, attribute, required, convert); a key that
    may be missing is left out when its WIT option is none."""

    def convert(record):
        found = {}
        for key, attribute, required, item in fields:
            value = getattr(record, attribute)
            if required or value is not None:
                found[key] = item(value)
        return found

    return convert


def typeddict_to_wit(binding, fields):
    def convert(mapping):
        values = {}
        for key, attribute, required, item in fields:
            if required or key in mapping:
                values[attribute] = item(mapping[key])
            else:
                values[attribute] = None
        return binding(**values)

    return convert


def _timedelta(parts):
    return datetime.timedelta(days=parts[0], seconds=parts[1], microseconds=parts[2])


#: The stdlib value types to and from their WIT forms (see the model's STDLIB_TYPES).
STDLIB_TO_WIT = {
    "datetime.date": lambda v: v.isoformat(),  # a datetime keeps its time (see _date)
    "datetime.time": datetime.time.isoformat,
    "datetime.datetime": datetime.datetime.isoformat,
    "datetime.timedelta": lambda v: (v.days, v.seconds, v.microseconds),
    "decimal.Decimal": str,
    "fractions.Fraction": str,
    "uuid.UUID": str,
}
STDLIB_FROM_WIT = {
    # the host runtime's parsers (a UTC offset's microseconds kept; a datetime for a date)
    "datetime.date": isotext.parse_date,
    "datetime.time": isotext.parse_time,
    "datetime.datetime": isotext.parse_datetime,
    "datetime.timedelta": _timedelta,
    "decimal.Decimal": decimal.Decimal,
    "fractions.Fraction": fractions.Fraction,
    "uuid.UUID": uuid.UUID,
}


def host_function(original, call):
    """``call`` (the WIT import, positional) under the name, doc and signature of the source's
    host function ``original``: called with its kinds and defaults, as natively."""
    signature = inspect.signature(original)

    @functools.wraps(original)
    def bound(*args, **kwargs):
        arguments = signature.bind(*args, **kwargs)
        arguments.apply_defaults()
        return call(*arguments.arguments.values())

    return bound


def enter_of(obj):
    """``obj.__enter__`` as the frontend's WIT of an ``__enter__`` returning the class: None
    when it returned ``obj`` itself (the host then gives back the same proxy)."""

    def call():
        entered = obj.__enter__()
        return None if entered is obj else entered

    return call


def exit_of(method):
    """A user's ``__exit__`` called with what the host sends (the frontend's WIT of it): the
    exception's class (``module.qualname``), its detail document (as a host import's
    exception carries it) and its formatted traceback, or None. The exception is rebuilt as
    the host's exception of a host import is (the same class, args, attributes, stand-in
    frames); the result is None or a bool (true suppresses the exception)."""

    def call(type_name, document, _text):
        if type_name is None:
            returned = method(None, None, None)
        else:
            described = detail.parse(document or "")
            exc = detail.rebuild(
                described["exception"] if described else {"type": type_name}, _HostResolver()
            )
            returned = method(type(exc), exc, exc.__traceback__)
        return None if returned is None else bool(returned)

    return call


def enum_by_name(target, names):
    """Converts an Enum member to ``target``'s member; ``names`` maps source to target names."""
    return lambda member: target[names[member.name]]


def flags_by_name(source, target, names):
    """Converts a Flag value to ``target``: each set member by name (``names``: source->target)."""

    def convert(value):
        result = target(0)
        for name, target_name in names.items():
            if source[name] in value:
                result |= target[target_name]
        return result

    return convert


class _HostModuleLoader(importlib.abc.Loader):
    """Runs the real module, then swaps its host-provided functions for WIT import calls."""

    def __init__(self, loader, bind):
        self._loader = loader
        self._bind = bind

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        self._bind(module)


class _HostModuleFinder(importlib.abc.MetaPathFinder):
    def __init__(self, binders):
        self._binders = binders

    def find_spec(self, fullname, path, target=None):
        bind = self._binders.get(fullname)
        if bind is None:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is not None and spec.loader is not None:
            spec.loader = _HostModuleLoader(spec.loader, bind)
        return spec


def bind_host_modules(binders):
    """From now on, importing a module named in ``binders`` (module name -> function taking the
    module) yields that module with its functions bound to the host. Installed before any user
    module runs, so ``from pkg.host import f`` anywhere sees the host-bound ``f``."""
    sys.meta_path.insert(0, _HostModuleFinder(binders))
