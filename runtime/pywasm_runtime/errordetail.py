"""An exception as plain JSON data, and the exception again from that data: the detail a
``guest-error`` record carries across the component boundary, in both directions (a guest
exception out to the host; a host import's exception in to the guest).

The document (in the record's ``traceback`` field; it starts with ``{``, which a plain traceback
never does) is ``{"pywasm-guest-error": 1, "text": <formatted traceback>, "exception": <exc>}``,
an exception described by :func:`describe`. Stdlib only and free of this package's other
modules: the componentize-py guest runs this very file (copied in as ``pywasm_errordetail``),
under CPython 3.14, while the host may run 3.11.
"""

import functools
import json
import sys
import types

#: The key that marks the JSON detail.
FORMAT = "pywasm-guest-error"


def qualified(kind):
    return f"{kind.__module__}.{kind.__qualname__}"


def safe_str(exc):
    try:
        return str(exc)
    except Exception:
        return f"<str() of {type(exc).__qualname__} failed>"


def document(exc, tb, text, hide=()):
    """The JSON document of ``exc`` (frames from ``tb``; those of files ending in one of
    ``hide`` left out), with ``text`` as its formatted traceback; raises when ``exc`` cannot be
    described (a broken ``__dict__``)."""
    detail = {FORMAT: 1, "text": text, "exception": describe(exc, tb, {id(exc)}, hide)}
    return json.dumps(detail, separators=(",", ":"))


def parse(text):
    """The detail in a ``traceback`` field, or None (a plain traceback, or not ours)."""
    if not text.startswith("{"):
        return None
    try:
        detail = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not (isinstance(detail, dict) and detail.get(FORMAT) == 1):
        return None
    return detail if isinstance(detail.get("exception"), dict) else None


def describe(exc, tb, seen, hide=()):
    """One exception as plain JSON data: its class and bases (``module.qualname``, nearest
    first), ``str()``, ``args`` and instance attributes (values :func:`encode` can carry; an
    attribute it cannot is left out, args it cannot are ``null``), ``__notes__``, its own
    frames (``[file, line, function]``, outermost first) and its cause and context (or
    ``context_is_cause``: the same exception)."""
    import traceback  # (and textwrap) only once there is an exception to describe

    kind = type(exc)
    described = {
        "type": qualified(kind),
        "bases": [qualified(base) for base in kind.__mro__[1:] if base is not object],
        "str": safe_str(exc),
        "args": _encoded_or_none(list(exc.args)),
        "attrs": _attributes(exc),
        "frames": [
            [frame.f_code.co_filename, line, frame.f_code.co_name]
            for frame, line in traceback.walk_tb(tb)
            if not (hide and frame.f_code.co_filename.endswith(hide))
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
            described[link] = describe(chained, chained.__traceback__, seen, hide)
    return described


#: Attributes of builtin exceptions kept in C slots rather than the instance ``__dict__``.
_SLOT_ATTRIBUTES = ("name", "path", "filename", "filename2", "lineno", "offset", "end_lineno",
                    "end_offset", "text", "value", "code", "encoding", "object", "start", "end",
                    "reason", "errno", "strerror", "winerror", "characters_written")  # fmt: skip


def _attributes(exc):
    found = {}
    names = [n for n in getattr(exc, "__dict__", {}) if n != "__notes__"]
    # A slot left unset reads as None; setting it to None on the other side would differ (an
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


class NotCarried(TypeError):
    """A value the detail cannot carry, or one this side cannot rebuild."""


def encode(value, depth=0):
    """A value as JSON data: ``None``, bool, int, float and str as themselves (floats keep a
    fraction or exponent, so they stay floats), a list as a JSON array; every other value as
    a JSON object tagged ``"$"``: ``tuple``, ``dict`` (pairs), ``set``, ``frozenset``, ``bytes``
    (hex), ``enum`` (class and member name; also an ``IntEnum`` or ``StrEnum`` member),
    ``dataclass`` and ``namedtuple`` (class and fields), and the stdlib value types ``date``,
    ``datetime``, ``time``, ``timedelta``, ``decimal``, ``uuid``, ``fraction`` (their text or
    parts); a float NaN or infinity as ``float`` (its repr). Anything else raises
    :class:`NotCarried`."""
    if depth > 32:
        raise NotCarried("too deep")
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
    # Only modules already imported can have made the value: look them up, never import.
    enum, datetime = sys.modules.get("enum"), sys.modules.get("datetime")
    if enum is not None and isinstance(value, enum.Enum):
        return {"$": "enum", "class": qualified(kind), "name": value.name}
    if hasattr(kind, "__dataclass_fields__"):
        fields = {name: encode(getattr(value, name), down) for name in kind.__dataclass_fields__}
        return {"$": "dataclass", "class": qualified(kind), "fields": fields}
    if isinstance(value, tuple) and hasattr(kind, "_fields"):
        fields = {name: encode(v, down) for name, v in zip(kind._fields, value, strict=True)}
        return {"$": "namedtuple", "class": qualified(kind), "fields": fields}
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
        return _encode_date(value, datetime)
    if datetime is not None and kind is datetime.timedelta:
        return {"$": "timedelta", "parts": [value.days, value.seconds, value.microseconds]}
    name = qualified(kind)
    if name in _TEXT_TYPES:
        return {"$": _TEXT_TYPES[name], "text": str(value)}
    if name == "fractions.Fraction":
        return {"$": "fraction", "parts": [value.numerator, value.denominator]}
    raise NotCarried(kind.__qualname__)


_TEXT_TYPES = {"decimal.Decimal": "decimal", "uuid.UUID": "uuid"}


def _encode_date(value, datetime):
    """A date, time or datetime as its ISO text; a zone of ``zoneinfo`` by its key too (its
    offset alone would be another value, with other arithmetic across a DST change). A
    datetime or time with any other non-fixed tzinfo (a user class, pytz) is not carried."""
    encoded = {"$": type(value).__name__, "text": value.isoformat()}
    zone = getattr(value, "tzinfo", None)
    if zone is None or isinstance(zone, datetime.timezone):
        return encoded
    zoneinfo = sys.modules.get("zoneinfo")
    key = getattr(zone, "key", None)
    if zoneinfo is None or not isinstance(zone, zoneinfo.ZoneInfo) or key is None:
        raise NotCarried(f"a {type(value).__name__} with the tzinfo {type(zone).__qualname__}")
    return {**encoded, "text": value.replace(tzinfo=None).isoformat(), "zone": key,
            "fold": value.fold}  # fmt: skip


def _decode_date(value, resolver):
    parsed = resolver.parse_iso(value["$"], value["text"])
    if "zone" not in value:
        return parsed
    zone = _stdlib("zoneinfo", "ZoneInfo")(str(value["zone"]))
    return parsed.replace(tzinfo=zone, fold=int(value.get("fold", 0)))


# --------------------------------------------------------------------------------------------
# The exception again, on the other side
# --------------------------------------------------------------------------------------------


class Resolver:
    """How one side finds the other side's classes and makes what it cannot find; the host
    (``errors``) and the guest (``pywasm_guest``) each subclass it with their import rules."""

    #: The root of the classes made for exceptions whose class is not importable here.
    foreign_root = Exception

    def find(self, type_name):
        """The object ``module.qualname`` names (``qualname`` may be dotted), or None."""
        parts = type_name.split(".")
        for split in range(len(parts) - 1, 0, -1):
            module = self.module(".".join(parts[:split]))
            if module is None:
                continue
            found = module
            for part in parts[split:]:
                found = getattr(found, part, None)
            return found
        return None

    def module(self, name):
        """The module ``name`` when this side may import it, else None."""
        raise NotImplementedError

    def parse_iso(self, kind, text):
        """The ``kind`` of value (``"date"``, ``"time"`` or ``"datetime"``) whose ISO text is
        ``text``: each side parses with its copy of ``isotext``, which keeps a UTC offset's
        microseconds (``fromisoformat`` of the guest's CPython drops them)."""
        raise NotImplementedError

    def exception_class(self, type_name):
        found = self.find(type_name)
        if isinstance(found, type) and issubclass(found, Exception):
            return found
        return None

    def foreign(self, type_name, base, args, text):
        """An instance for a class this side cannot import: a ``foreign_root`` subclass named
        like it, also deriving from ``base`` (its nearest importable base, or None)."""
        cls = foreign_class(self.foreign_root, type_name, base)
        exc = cls.__new__(cls)
        exc.args = args
        return exc

    def source_file(self, file):
        """The file a frame of the other side is shown under here."""
        return file


def rebuild(described, resolver):
    """The exception :func:`describe` described, as ``resolver`` finds its classes: built
    without running a Python ``__init__`` (other parameters, side effects), then its args,
    attributes, notes, cause, context and frames (a real traceback of stand-in frames)."""
    type_name = str(described.get("type", ""))
    text = str(described.get("str", ""))
    try:
        args = tuple(decode(described.get("args"), resolver))
    except (NotCarried, TypeError, ValueError, RecursionError):
        args = (text,) if text else ()
    cls = resolver.exception_class(type_name)
    exc = _instance(cls, args) if cls is not None else None
    if exc is None:
        base = next(filter(None, map(resolver.exception_class, described.get("bases", []))), None)
        exc = resolver.foreign(type_name, base, args, text)
    attributes = described.get("attrs")
    for name, value in attributes.items() if isinstance(attributes, dict) else ():
        try:
            setattr(exc, name, decode(value, resolver))
        except Exception:  # a value it cannot rebuild, a read-only property: left out
            continue
    notes = described.get("notes")
    if isinstance(notes, list):
        exc.__notes__ = [str(note) for note in notes]
    for link in ("cause", "context"):
        if isinstance(described.get(link), dict):
            setattr(exc, f"__{link}__", rebuild(described[link], resolver))
    if described.get("context_is_cause"):
        exc.__context__ = exc.__cause__
    exc.__suppress_context__ = bool(described.get("suppress_context"))
    return exc.with_traceback(stand_in_traceback(described.get("frames", []), resolver))


def _instance(cls, args):
    """An instance of ``cls`` with ``args``, built as the class would build it without running
    a Python ``__init__``: a builtin ``__init__`` runs (it fills C-level attributes such as
    ``OSError.errno``). None when its ``__new__`` takes another shape."""
    try:
        exc = cls.__new__(cls, *args)
        if isinstance(cls.__init__, types.WrapperDescriptorType):
            exc.__init__(*args)
        exc.args = args
    except Exception:
        return None
    return exc


@functools.lru_cache(maxsize=256)
def foreign_class(root, type_name, base):
    """A ``root`` subclass named like ``type_name``, also deriving from ``base`` when it can;
    one class per name and base, so ``type(a) is type(b)`` for two errors of the same class."""
    module, _, qualname = type_name.rpartition(".")
    namespace = {"__module__": module, "__qualname__": qualname}
    name = qualname.rpartition(".")[2] or root.__name__
    if base is not None and base is not Exception and not issubclass(root, base):
        try:
            return types.new_class(name, (root, base), exec_body=lambda ns: ns.update(namespace))
        except TypeError:  # bases whose instance layouts conflict
            pass
    return types.new_class(name, (root,), exec_body=lambda ns: ns.update(namespace))


def decode(value, resolver):
    """A value :func:`encode` wrote, its classes found by ``resolver``; :class:`NotCarried`
    when it cannot be rebuilt here."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list):
        return [decode(v, resolver) for v in value]
    if not isinstance(value, dict):
        raise NotCarried(repr(value))
    tag = value.get("$")
    decoder = _DECODERS.get(tag) if isinstance(tag, str) else None
    if decoder is None:
        raise NotCarried(f"a value tagged {tag!r}")
    return decoder(value, resolver)


def _items(value, resolver):
    return [decode(v, resolver) for v in value["items"]]


def _user_value(value, resolver):
    cls = resolver.find(str(value["class"]))
    if not isinstance(cls, type):
        raise NotCarried(f"class {value['class']} is not importable")
    if value["$"] == "enum":
        return cls[value["name"]]
    fields = {str(k): decode(v, resolver) for k, v in value["fields"].items()}
    return cls(**fields)


def _stdlib(module, name):
    __import__(module)
    return getattr(sys.modules[module], name)


_DECODERS = {
    "float": lambda v, r: float(v["repr"]),
    "tuple": lambda v, r: tuple(_items(v, r)),
    "set": lambda v, r: set(_items(v, r)),
    "frozenset": lambda v, r: frozenset(_items(v, r)),
    "dict": lambda v, r: {decode(k, r): decode(x, r) for k, x in v["items"]},
    "bytes": lambda v, r: bytes.fromhex(v["hex"]),
    "bytearray": lambda v, r: bytearray.fromhex(v["hex"]),
    "enum": _user_value,
    "dataclass": _user_value,
    "namedtuple": _user_value,
    "datetime": _decode_date,
    "date": _decode_date,
    "time": _decode_date,
    "timedelta": lambda v, r: _stdlib("datetime", "timedelta")(*v["parts"]),
    "decimal": lambda v, r: _stdlib("decimal", "Decimal")(v["text"]),
    "uuid": lambda v, r: _stdlib("uuid", "UUID")(v["text"]),
    "fraction": lambda v, r: _stdlib("fractions", "Fraction")(*v["parts"]),
}


# The other side's frames as a real traceback (frames of code compiled under its file names),
# so a printed traceback shows where the exception came from.


def stand_in_traceback(frames, resolver):
    tb = None
    for frame in reversed(frames if isinstance(frames, list) else []):
        try:
            file, line, function = str(frame[0]), int(frame[1]), str(frame[2])
            code = _raising_code(resolver.source_file(file), line, function)
        except (TypeError, ValueError, IndexError, SyntaxError, MemoryError, OverflowError):
            continue
        try:
            exec(code, {"_exc": _FrameMarker})
        except _FrameMarker as marker:
            here = marker.__traceback__.tb_next
            tb = types.TracebackType(tb, here.tb_frame, -1, line)
    return tb


class _FrameMarker(Exception):
    """Raised by the code standing in for a frame of the other side, to capture that frame."""


@functools.lru_cache(maxsize=1024)
def _raising_code(file, line, function):
    if not 0 < line < 1_000_000:
        raise ValueError(line)
    code = compile("\n" * (line - 1) + "raise _exc", file, "exec")
    return code.replace(co_name=function)
