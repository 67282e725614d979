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
import json
import re
import sys
import traceback
import uuid

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
    ``traceback`` a JSON document (it starts with ``{``, which a plain traceback never does):
    ``{"pywasm-guest-error": 1, "text": <the formatted traceback>, "exception": <exc>}``, where
    an exception is described by :func:`_describe`. The host rebuilds the exception from it."""
    try:
        detail = {
            ERROR_FORMAT: 1,
            "text": _format_traceback(exc, _user_frames(exc)),
            "exception": _describe(exc, _user_frames(exc), {id(exc)}),
        }
        traceback_field = json.dumps(detail, separators=(",", ":"))
    except Exception:  # a broken __str__ or __dict__ must not trap the call
        traceback_field = _format_traceback(exc, _user_frames(exc))
    kind = type(exc)
    return GuestError(type_name=_qualified(kind), message=_safe_str(exc), traceback=traceback_field)


ERROR_FORMAT = "pywasm-guest-error"


def _qualified(kind):
    return f"{kind.__module__}.{kind.__qualname__}"


def _safe_str(exc):
    try:
        return str(exc)
    except Exception:
        return f"<str() of {type(exc).__qualname__} failed>"


def _describe(exc, tb, seen):
    """One exception as plain JSON data: its class and bases (``module.qualname``, nearest
    first), ``str()``, ``args`` and instance attributes (values :func:`encode` can carry; an
    attribute it cannot is left out, args it cannot are ``null``), ``__notes__``, its own
    frames (``[file, line, function]``, outermost first) and its cause and context (or
    ``context_is_cause``: the same exception)."""
    kind = type(exc)
    described = {
        "type": _qualified(kind),
        "bases": [_qualified(base) for base in kind.__mro__[1:] if base is not object],
        "str": _safe_str(exc),
        "args": _encoded_or_none(list(exc.args)),
        "attrs": _attributes(exc),
        "frames": [
            [frame.f_code.co_filename, line, frame.f_code.co_name]
            for frame, line in traceback.walk_tb(tb)
        ],
        "suppress_context": exc.__suppress_context__,
    }
    notes = getattr(exc, "__notes__", None)
    if isinstance(notes, list) and all(isinstance(n, str) for n in notes):
        described["notes"] = list(notes)
    for link in ("cause", "context"):
        chained = getattr(exc, f"__{link}__")
        if link == "context" and chained is not None and chained is exc.__cause__:
            described["context_is_cause"] = True  # ``raise ... from err`` inside ``except err``
        elif chained is not None and id(chained) not in seen:
            seen.add(id(chained))
            described[link] = _describe(chained, chained.__traceback__, seen)
    return described


#: Attributes of builtin exceptions kept in C slots rather than the instance ``__dict__``.
_SLOT_ATTRIBUTES = ("name", "path", "filename", "filename2", "lineno", "offset", "end_lineno",
                    "end_offset", "text", "value", "code", "encoding", "object", "start", "end",
                    "reason", "errno", "strerror", "winerror", "characters_written")  # fmt: skip


def _attributes(exc):
    found = {}
    names = [n for n in getattr(exc, "__dict__", {}) if n != "__notes__"]
    # A slot left unset reads as None; setting it to None on the host would differ (an
    # OSError's str() shows a filename2 that is None but set).
    names += [
        n
        for n in _SLOT_ATTRIBUTES
        if n not in names and _is_slot(type(exc), n) and getattr(exc, n, None) is not None
    ]
    for name in names:
        try:
            found[name] = encode(getattr(exc, name))
        except Exception:  # not carried: a value the detail cannot carry
            continue
    return found


def _is_slot(kind, name):
    """``name`` is a C-level attribute of a builtin exception class in ``kind``'s MRO."""
    return any(base.__module__ == "builtins" and name in vars(base) for base in kind.__mro__)


def _encoded_or_none(values):
    try:
        return encode(values)
    except Exception:
        return None


class _NotCarried(TypeError):
    """A value the guest-error detail cannot carry."""


def encode(value, depth=0):
    """A value as JSON data: ``None``, bool, int, float and str as themselves (floats keep a
    fraction or exponent, so they stay floats), a list as a JSON array; every other value as
    a JSON object tagged ``"$"``: ``tuple``, ``dict`` (pairs), ``set``, ``frozenset``, ``bytes``
    (hex), ``enum`` (class and member name; also an ``IntEnum``
    or ``StrEnum`` member), ``dataclass`` and ``namedtuple`` (class and fields),
    and the stdlib value types ``date``, ``datetime``, ``time``, ``timedelta``, ``decimal``,
    ``uuid``, ``fraction`` (their text or parts); a float NaN or infinity as ``float`` (its
    repr). Anything else raises ``_NotCarried``."""
    if depth > 32:
        raise _NotCarried("too deep")
    down = depth + 1
    if value is None or isinstance(value, bool | int | str):
        if isinstance(value, int) and not isinstance(value, bool) and type(value) is not int:
            return _encode_tagged(value, down)  # an IntEnum and the like
        if isinstance(value, str) and type(value) is not str:
            return _encode_tagged(value, down)  # a StrEnum
        return value
    if type(value) is float:
        return {"$": "float", "repr": repr(value)} if value != value or value in _INF else value
    if type(value) is list:
        return [encode(v, down) for v in value]
    return _encode_tagged(value, down)


_INF = (float("inf"), float("-inf"))


def _encode_tagged(value, down):
    kind = type(value)
    # Only modules the guest imported can have made the value: look them up, never import.
    enum, datetime = sys.modules.get("enum"), sys.modules.get("datetime")
    if enum is not None and isinstance(value, enum.Enum):
        return {"$": "enum", "class": _qualified(kind), "name": value.name}
    if hasattr(kind, "__dataclass_fields__"):
        fields = {name: encode(getattr(value, name), down) for name in kind.__dataclass_fields__}
        return {"$": "dataclass", "class": _qualified(kind), "fields": fields}
    if isinstance(value, tuple) and hasattr(kind, "_fields"):
        fields = {name: encode(v, down) for name, v in zip(kind._fields, value, strict=True)}
        return {"$": "namedtuple", "class": _qualified(kind), "fields": fields}
    if kind is tuple:
        return {"$": "tuple", "items": [encode(v, down) for v in value]}
    if kind is dict:
        return {
            "$": "dict",
            "items": [[encode(k, down), encode(v, down)] for k, v in value.items()],
        }
    if kind in (set, frozenset):
        return {"$": kind.__name__, "items": [encode(v, down) for v in value]}
    if kind in (bytes, bytearray):
        return {"$": kind.__name__, "hex": value.hex()}
    if datetime is not None and kind in (datetime.datetime, datetime.date, datetime.time):
        return {"$": kind.__name__, "text": value.isoformat()}
    if datetime is not None and kind is datetime.timedelta:
        return {"$": "timedelta", "parts": [value.days, value.seconds, value.microseconds]}
    name = _qualified(kind)
    if name in _TEXT_TYPES:
        return {"$": _TEXT_TYPES[name], "text": str(value)}
    if name == "fractions.Fraction":
        return {"$": "fraction", "parts": [value.numerator, value.denominator]}
    raise _NotCarried(kind.__qualname__)


_TEXT_TYPES = {"decimal.Decimal": "decimal", "uuid.UUID": "uuid"}


def _user_frames(exc):
    """The traceback without the adapter's own frames, which only say how the call got there."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename.endswith(_ADAPTER_FILES):
        tb = tb.tb_next
    return tb or exc.__traceback__


_ADAPTER_FILES = ("pywasm_guest.py", "pywasm_adapter.py")


def _format_traceback(exc, tb, seen=None):
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
        text = _format_traceback(chained, chained.__traceback__, seen) + link
    frames = [
        f'  File "{frame.f_code.co_filename}", line {line}, in {frame.f_code.co_name}\n'
        for frame, line in traceback.walk_tb(tb)
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
    return kind.__qualname__ if kind.__module__ == "builtins" else _qualified(kind)


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


_FINE_OFFSET = re.compile(r"([+-])(\d\d):(\d\d):(\d\d)\.(\d{6})$")


def _from_isoformat(parse):
    """``parse`` (a ``fromisoformat``) keeping a UTC offset's microseconds, which some Python
    versions drop."""

    def convert(text):
        fine = _FINE_OFFSET.search(text)
        if fine is None:
            return parse(text)
        hours, minutes, seconds, micros = (int(g) for g in fine.groups()[1:])
        offset = datetime.timedelta(
            hours=hours, minutes=minutes, seconds=seconds, microseconds=micros
        )
        sign = -1 if fine[1] == "-" else 1
        return parse(text[: fine.start()]).replace(tzinfo=datetime.timezone(sign * offset))

    return convert


def _date(text):
    """A date's text, or a datetime's (what a date parameter or result may carry natively)."""
    if "T" in text:
        return _datetime(text)
    return datetime.date.fromisoformat(text)


_datetime = _from_isoformat(datetime.datetime.fromisoformat)


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
    "datetime.date": _date,
    "datetime.time": _from_isoformat(datetime.time.fromisoformat),
    "datetime.datetime": _datetime,
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


def exit_of(method):
    """A user's ``__exit__`` called with what the host sends (the frontend's WIT of it): the
    exception's class as ``module.qualname`` and its args as a JSON list, or None; the
    traceback stays on the host. The exception is rebuilt as that class when the guest has it
    and it takes those args, else as an ``Exception`` of them; the result is None or a bool
    (true suppresses the exception)."""

    def call(type_name, args_json, _traceback):
        if type_name is None:
            returned = method(None, None, None)
        else:
            exc = _rebuilt_exception(type_name, json.loads(args_json or "[]"))
            returned = method(type(exc), exc, None)
        return None if returned is None else bool(returned)

    return call


def _rebuilt_exception(type_name, args):
    module, _, qualname = type_name.rpartition(".")
    try:
        kind = resolve(module, qualname)
        if isinstance(kind, type) and issubclass(kind, BaseException):
            return kind(*args)
    except Exception:  # not in the guest, or its __init__ takes other arguments
        pass
    return Exception(*args)


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
