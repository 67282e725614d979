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
        kind = type(exc)
        raise Err(
            GuestError(
                type_name=f"{kind.__module__}.{kind.__qualname__}",
                message=str(exc),
                traceback=_format_traceback(exc, _user_frames(exc)),
            )
        ) from None


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


def _timedelta(parts):
    return datetime.timedelta(days=parts[0], seconds=parts[1], microseconds=parts[2])


#: The stdlib value types to and from their WIT forms (see the model's STDLIB_TYPES).
STDLIB_TO_WIT = {
    "datetime.date": datetime.date.isoformat,
    "datetime.time": datetime.time.isoformat,
    "datetime.datetime": datetime.datetime.isoformat,
    "datetime.timedelta": lambda v: (v.days, v.seconds, v.microseconds),
    "decimal.Decimal": str,
    "fractions.Fraction": str,
    "uuid.UUID": str,
}
STDLIB_FROM_WIT = {
    "datetime.date": datetime.date.fromisoformat,
    "datetime.time": _from_isoformat(datetime.time.fromisoformat),
    "datetime.datetime": _from_isoformat(datetime.datetime.fromisoformat),
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
