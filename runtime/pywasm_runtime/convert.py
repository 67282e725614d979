"""Host <-> guest value conversion, built once per function from two descriptions of a type:

* the component's own ``ValType`` (what wasmtime will accept: the authority on ranges, lists,
  records, variants), and
* the model's ``TypeExpr`` when our manifest is present (which Python class a value is:
  the package's dataclasses, NamedTuples, enums, flags, dicts, bytes), else ``None``.

A :class:`Codec` holds two closures: ``lower`` (source value -> the value wasmtime-py accepts)
and ``lift`` (wasmtime-py value -> source value). Lowering checks what wasmtime does not:
int ranges (wasmtime wraps silently) raise OverflowError, wrong types raise TypeError; it
accepts what native code accepts: int where float is expected, bytearray/memoryview where bytes
is, any iterable (a tuple, a set, a generator, a dict view; not a str, bytes or mapping) where a
list, set or ``Sequence``/``Iterable`` is, any mapping where a dict or ``Mapping`` is. Lifting
gives what the source promises: a set for ``set[T]``, a tuple for ``tuple[T, ...]``, an
iterator for ``Iterator[T]``, the stdlib value types from their exact text forms.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from functools import cache, reduce
from typing import Any, NamedTuple, Protocol

from wasmtime import component as wc

from pywasm_runtime import classes, model

Convert = Callable[[Any], Any]


class Codec(NamedTuple):
    lower: Convert
    lift: Convert


class ResourceBridge(Protocol):
    """Turns guest resource handles into host proxies and back (see component.py)."""

    def lift(self, handle: wc.ResourceAny, resource: str | None) -> Any: ...

    def lower(self, proxy: Any, *, owned: bool) -> Any: ...


def with_context(exc: Exception, where: str) -> Exception:
    """The same kind of error, its message prefixed with where it happened (a parameter, a
    field). Subclasses with other constructors become their plain base."""
    kind = type(exc) if type(exc) in (TypeError, OverflowError, ValueError) else ValueError
    return kind(f"{where}: {exc}")


def _same(value: Any) -> Any:
    return value


def _kind(value: Any) -> str:
    return type(value).__name__


_INT_RANGES: dict[type, tuple[str, int, int]] = {
    wc.S8: ("s8", -(1 << 7), (1 << 7) - 1),
    wc.S16: ("s16", -(1 << 15), (1 << 15) - 1),
    wc.S32: ("s32", -(1 << 31), (1 << 31) - 1),
    wc.S64: ("s64", -(1 << 63), (1 << 63) - 1),
    wc.U8: ("u8", 0, (1 << 8) - 1),
    wc.U16: ("u16", 0, (1 << 16) - 1),
    wc.U32: ("u32", 0, (1 << 32) - 1),
    wc.U64: ("u64", 0, (1 << 64) - 1),
}


def _int_codec(wit: str, low: int, high: int) -> Codec:
    def lower(value: Any) -> int:
        if type(value) is not int:
            if not isinstance(value, int):
                raise TypeError(f"expected int, got {_kind(value)}")
            value = int(value)
        if value < low or value > high:
            raise OverflowError(f"{value} is out of range for {wit} ({low}..{high})")
        return value

    return Codec(lower, _same)


def _lower_float(value: Any) -> float:
    if type(value) is float:
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    raise TypeError(f"expected float, got {_kind(value)}")


def _lower_f32(value: Any) -> float:
    value = _lower_float(value)
    if math.isfinite(value) and abs(value) > 3.4028234663852886e38:
        raise OverflowError(f"{value} is out of range for f32")
    return value


def _lower_bool(value: Any) -> bool:
    if type(value) is not bool:
        raise TypeError(f"expected bool, got {_kind(value)}")
    return value


def _lower_str(value: Any) -> str:
    if type(value) is not str and not isinstance(value, str):
        raise TypeError(f"expected str, got {_kind(value)}")
    if not value.isascii():  # WIT strings are UTF-8: a lone surrogate cannot cross
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ValueError(f"a lone surrogate at index {exc.start} cannot be UTF-8") from None
    return value


def _lower_char(value: Any) -> str:
    if not isinstance(value, str) or len(value) != 1:
        raise TypeError(f"expected a 1-character str, got {value!r}")
    if 0xD800 <= ord(value) <= 0xDFFF:
        raise ValueError(f"{value!r} is a surrogate, not a Unicode scalar value")
    return value


def _lower_bytes(value: Any) -> bytes:
    if type(value) is bytes:
        return value
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value)
    if isinstance(value, list | tuple):  # ints 0..255, e.g. from JSON
        try:
            return bytes(value)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"expected bytes or a sequence of ints 0..255: {exc}") from None
    raise TypeError(f"expected bytes, got {_kind(value)}")


def _sequence(value: Any, what: str) -> list[Any] | tuple[Any, ...]:
    if not isinstance(value, list | tuple):
        raise TypeError(f"expected {what}, got {_kind(value)}")
    return value


_NOT_ITEMS = (str, bytes, bytearray, memoryview, Mapping)


def _items(value: Any, what: str) -> Iterable[Any]:
    """The items of any iterable a native ``list``/``Sequence``/``Iterable``/``set`` parameter
    would take; a str, bytes or mapping is refused (iterating one is almost always a bug)."""
    if type(value) is list or type(value) is tuple:
        return value
    if isinstance(value, _NOT_ITEMS) or not isinstance(value, Iterable):
        raise TypeError(f"expected {what}, got {_kind(value)}")
    return value


def _typed(kind: type | tuple[type, ...], name: str, to_wit: Convert) -> Convert:
    def lower(value: Any) -> Any:
        if not isinstance(value, kind) or isinstance(value, bool):
            raise TypeError(f"expected {name}, got {_kind(value)}")
        return to_wit(value)

    return lower


@cache
def stdlib_codecs() -> dict[str, Codec]:
    """The codecs of the stdlib value types (``model.STDLIB_TYPES``): exact text forms, a
    timedelta's three ints. Built at first use: their modules cost ~4 ms to import, which
    only components that use them should pay."""
    import datetime
    import decimal
    import fractions
    import uuid

    from pywasm_runtime import isotext

    def lower_date(value: Any) -> str:
        # a datetime is a date too, and a date parameter takes it natively: its own text (with
        # a "T", which a date's never has) makes it a datetime again on the other side
        if not isinstance(value, datetime.date):
            raise TypeError(f"expected date, got {_kind(value)}")
        return value.isoformat()

    def lift_timedelta(parts: tuple[int, int, int]) -> datetime.timedelta:
        return datetime.timedelta(days=parts[0], seconds=parts[1], microseconds=parts[2])

    timedelta_parts = _typed(
        datetime.timedelta, "timedelta", lambda v: (v.days, v.seconds, v.microseconds)
    )
    return {
        "datetime.date": Codec(lower_date, isotext.parse_date),
        "datetime.time": Codec(
            _typed(datetime.time, "time", datetime.time.isoformat), isotext.parse_time
        ),
        "datetime.datetime": Codec(
            _typed(datetime.datetime, "datetime", datetime.datetime.isoformat),
            isotext.parse_datetime,
        ),
        "datetime.timedelta": Codec(timedelta_parts, lift_timedelta),
        "decimal.Decimal": Codec(_typed((decimal.Decimal, int), "Decimal", str), decimal.Decimal),
        "fractions.Fraction": Codec(
            _typed((fractions.Fraction, int), "Fraction", str), fractions.Fraction
        ),
        "uuid.UUID": Codec(_typed(uuid.UUID, "UUID", str), uuid.UUID),
    }


class CodecFactory:
    """Builds codecs for one component; ``defs`` are the model's named types (empty without
    a model). ``on_guest_bytes``, if given, is told the size of every ``list<u8>`` the host
    receives from the guest (see ``instance.LEAKED_BYTES_BOUND``)."""

    def __init__(
        self,
        defs: Mapping[str, model.TypeDef],
        bridge: ResourceBridge,
        on_guest_bytes: Callable[[int], None] | None = None,
    ) -> None:
        self.defs = dict(defs)
        self._bridge = bridge
        self._classes: dict[str, type] = {}
        self._lift_bytes: Convert = _same
        if on_guest_bytes is not None:

            def lift_bytes(value: bytes) -> bytes:
                on_guest_bytes(len(value))
                return value

            self._lift_bytes = lift_bytes

    def python_class(self, name: str) -> type:
        found = self._classes.get(name)
        if found is None:
            found = self._classes[name] = classes.resolve(self.defs[name])
        return found

    def _definition(self, expr: model.TypeExpr | None, kind: type) -> Any:
        if expr is None:
            return None
        if isinstance(expr, model.Named) and isinstance(self.defs.get(expr.name), kind):
            return self.defs[expr.name]
        raise TypeError(
            f"the manifest's type {expr} does not match the component's {kind.__name__.lower()}; "
            "rebuild the package"
        )

    def codec(self, vt: wc.ValType, expr: model.TypeExpr | None = None) -> Codec:
        if isinstance(expr, model.Stdlib):
            return stdlib_codecs()[expr.name]
        if type(vt) in _INT_RANGES:
            return _int_codec(*_INT_RANGES[type(vt)])
        if isinstance(vt, wc.F64):
            return Codec(_lower_float, _same)
        if isinstance(vt, wc.F32):
            return Codec(_lower_f32, _same)
        if isinstance(vt, wc.Bool):
            return Codec(_lower_bool, _same)
        if isinstance(vt, wc.String):
            return Codec(_lower_str, _same)
        if isinstance(vt, wc.Char):
            return Codec(_lower_char, _same)
        if isinstance(vt, wc.ListType):
            return self._list(vt, expr)
        if isinstance(vt, wc.TupleType):
            return self._tuple(vt, expr)
        if isinstance(vt, wc.OptionType):
            return self._option(vt, expr)
        if isinstance(vt, wc.RecordType):
            return self._record(vt, expr)
        if isinstance(vt, wc.EnumType):
            return self._enum(vt, expr)
        if isinstance(vt, wc.FlagsType):
            return self._flags(vt, expr)
        if isinstance(vt, wc.VariantType):
            return self._variant(vt, expr)
        if isinstance(vt, wc.ResultType):
            return self._result(vt)
        if isinstance(vt, wc.OwnType | wc.BorrowType):
            return self._resource(vt, expr)
        raise TypeError(f"values of WIT type {type(vt).__name__} are not supported")

    def _list(self, vt: wc.ListType, expr: model.TypeExpr | None) -> Codec:
        element_vt = vt.element
        if isinstance(element_vt, wc.U8):
            lift_bytes = self._lift_bytes
            if isinstance(expr, model.ListOf):  # list[int] of u8 travels as bytes
                check = _int_codec(*_INT_RANGES[wc.U8]).lower
                return Codec(
                    lambda v: bytes(check(b) for b in _sequence(v, "list")),
                    lambda v: list(lift_bytes(v)),
                )
            if isinstance(expr, model.Bytes) and expr.python_kind != "bytes":
                kind = bytearray if expr.python_kind == "bytearray" else memoryview
                return Codec(_lower_bytes, lambda v: kind(lift_bytes(v)))
            return Codec(_lower_bytes, lift_bytes)
        if isinstance(expr, model.SetOf):
            return self._set(element_vt, expr)
        if isinstance(expr, model.DictOf):
            pair = self.codec(element_vt, model.TupleOf((expr.key, expr.value)))

            def lower_dict(value: Any) -> list[Any]:
                if not isinstance(value, Mapping):
                    raise TypeError(f"expected dict, got {_kind(value)}")
                return [pair.lower(item) for item in value.items()]

            return Codec(lower_dict, lambda v: dict(pair.lift(p) for p in v))
        element = self.codec(element_vt, expr.element if isinstance(expr, model.ListOf) else None)
        lower_e, lift_e = element.lower, element.lift
        python_kind = expr.python_kind if isinstance(expr, model.ListOf) else "list"

        def lower(value: Any) -> list[Any]:
            return [lower_e(e) for e in _items(value, "a list or other iterable")]

        if python_kind == "tuple":
            return Codec(lower, lambda v: tuple(lift_e(e) for e in v))
        if python_kind == "iterator":
            return Codec(lower, lambda v: iter([lift_e(e) for e in v]))
        if lift_e is _same and lower_e is not _lower_bytes:
            return Codec(lower, _same)
        return Codec(lower, lambda v: [lift_e(e) for e in v])

    def _set(self, element_vt: wc.ValType, expr: model.SetOf) -> Codec:
        element = self.codec(element_vt, expr.element)
        lower_e, lift_e = element.lower, element.lift
        make = frozenset if expr.frozen else set

        def lower(value: Any) -> list[Any]:
            # each item once, as in a set, whatever iterable came in
            return [lower_e(e) for e in dict.fromkeys(_items(value, "a set or other iterable"))]

        return Codec(lower, lambda v: make(lift_e(e) for e in v))

    def _tuple(self, vt: wc.TupleType, expr: model.TypeExpr | None) -> Codec:
        element_vts = vt.elements
        exprs = expr.elements if isinstance(expr, model.TupleOf) else (None,) * len(element_vts)
        parts = [self.codec(e, x) for e, x in zip(element_vts, exprs, strict=True)]
        size = len(parts)

        def lower(value: Any) -> tuple[Any, ...]:
            items = _sequence(value, f"a tuple of {size}")
            if len(items) != size:
                raise TypeError(f"expected a tuple of {size}, got {len(items)} items")
            return tuple(p.lower(v) for p, v in zip(parts, items, strict=True))

        return Codec(lower, lambda v: tuple(p.lift(x) for p, x in zip(parts, v, strict=True)))

    def _option(self, vt: wc.OptionType, expr: model.TypeExpr | None) -> Codec:
        inner = self.codec(vt.payload, expr.inner if isinstance(expr, model.OptionOf) else None)
        lower_i, lift_i = inner.lower, inner.lift
        if vt._tagged():  # option<option<T>>: wasmtime wants Variant values
            return Codec(
                lambda v: wc.Variant("none") if v is None else wc.Variant("some", lower_i(v)),
                lambda v: None if v.tag == "none" else lift_i(v.payload),
            )
        return Codec(
            lambda v: None if v is None else lower_i(v),
            lambda v: None if v is None else lift_i(v),
        )

    def _record(self, vt: wc.RecordType, expr: model.TypeExpr | None) -> Codec:
        definition: model.Record | None = self._definition(expr, model.Record)
        wit_fields = vt.fields
        # (python name, wit name, codec, required); a TypedDict key that may be missing is a
        # WIT option: none when the key is absent
        fields: list[tuple[str, str, Codec, bool]]
        if definition is None:
            cls = classes.generic_record(tuple(w for w, _ in wit_fields))
            fields = [(classes.python_name(w), w, self.codec(t), True) for w, t in wit_fields]
            type_name = "record"
        else:
            cls = self.python_class(definition.name)
            by_wit = {model.wit_name(f.name): f for f in definition.fields}
            fields = []
            for w, t in wit_fields:
                f = by_wit[w]
                field_type = f.type if f.required else model.OptionOf(f.type)
                fields.append((f.name, w, self.codec(t, field_type), f.required))
            type_name = cls.__name__
        if definition is not None and definition.python_kind == "typeddict":
            return self._typeddict(fields, cls, type_name)

        def lower(value: Any) -> wc.Record:
            record = wc.Record()
            mapping = value if isinstance(value, Mapping) else None  # e.g. from JSON
            for py, wit, codec, _ in fields:
                try:
                    field = mapping[py] if mapping is not None else getattr(value, py)
                except (KeyError, AttributeError):
                    raise TypeError(f"expected {type_name}, got {_kind(value)}") from None
                try:
                    setattr(record, wit, codec.lower(field))
                except (TypeError, ValueError) as exc:
                    raise with_context(exc, f"field {py!r}") from None
            return record

        def lift(record: wc.Record) -> Any:
            return cls(**{py: codec.lift(getattr(record, wit)) for py, wit, codec, _ in fields})

        return Codec(lower, lift)

    def _typeddict(
        self, fields: list[tuple[str, str, Codec, bool]], cls: type, type_name: str
    ) -> Codec:
        def lower(value: Any) -> wc.Record:
            if not isinstance(value, Mapping):
                raise TypeError(f"expected {type_name} (a dict), got {_kind(value)}")
            record = wc.Record()
            for py, wit, codec, required in fields:
                if py not in value and not required:
                    setattr(record, wit, None)
                    continue
                try:
                    setattr(record, wit, codec.lower(value[py]))
                except KeyError:
                    raise TypeError(f"{type_name} is missing the key {py!r}") from None
                except (TypeError, ValueError) as exc:
                    raise with_context(exc, f"key {py!r}") from None
            return record

        def lift(record: wc.Record) -> Any:
            found = {}
            for py, wit, codec, required in fields:
                raw = getattr(record, wit)
                if required or raw is not None:
                    found[py] = codec.lift(raw)
            return cls(**found)

        return Codec(lower, lift)

    def _enum(self, vt: wc.EnumType, expr: model.TypeExpr | None) -> Codec:
        if isinstance(expr, model.Named) and isinstance(
            self.defs.get(expr.name), model.LiteralEnum
        ):
            return self._literal(self.defs[expr.name])
        definition: model.Enum | None = self._definition(expr, model.Enum)
        wit_names = vt.names
        if definition is None:
            generic = classes.generic_enum(tuple(wit_names))
            valid = frozenset(wit_names)

            def lower_generic(value: Any) -> str:
                if isinstance(value, str) and value in valid:
                    return str(value)
                raise TypeError(f"expected one of {sorted(valid)}, got {value!r}")

            return Codec(lower_generic, generic)
        cls = self.python_class(definition.name)
        to_wit = {cls[c.name]: model.wit_name(c.name) for c in definition.cases}
        from_wit = {w: m for m, w in to_wit.items()}

        def lower(value: Any) -> str:
            try:
                return to_wit[value]
            except (KeyError, TypeError):
                raise TypeError(f"expected {cls.__name__}, got {value!r}") from None

        return Codec(lower, from_wit.__getitem__)

    def _literal(self, definition: model.LiteralEnum) -> Codec:
        """A Literal's values are the host values themselves (``"open"``, ``3``)."""
        to_wit = {(type(v), v): model.literal_case(v) for v in definition.values}
        from_wit = {w: v for (_, v), w in to_wit.items()}
        expected = ", ".join(repr(v) for v in definition.values)

        def lower(value: Any) -> str:
            try:
                return to_wit[(type(value), value)]
            except (KeyError, TypeError):
                raise ValueError(f"expected one of {expected}, got {value!r}") from None

        return Codec(lower, from_wit.__getitem__)

    def _flags(self, vt: wc.FlagsType, expr: model.TypeExpr | None) -> Codec:
        definition: model.Flags | None = self._definition(expr, model.Flags)
        if definition is None:
            valid = frozenset(vt.names)

            def lower_generic(value: Any) -> set[str]:
                names = set(value) if isinstance(value, Iterable) else None
                if names is None or not names <= valid:
                    raise TypeError(f"expected a set of {sorted(valid)}, got {value!r}")
                return names

            return Codec(lower_generic, frozenset)
        cls = self.python_class(definition.name)
        members = [(cls[m.name], model.wit_name(m.name)) for m in definition.members]
        empty = cls(0)

        def lower(value: Any) -> set[str]:
            if not isinstance(value, cls):
                raise TypeError(f"expected {cls.__name__}, got {value!r}")
            return {wit for member, wit in members if member in value}

        def lift(names: set[str]) -> Any:
            return reduce(lambda a, m: a | m[0] if m[1] in names else a, members, empty)

        return Codec(lower, lift)

    def _variant(self, vt: wc.VariantType, expr: model.TypeExpr | None) -> Codec:
        definition: model.Variant | None = self._definition(expr, model.Variant)
        wit_cases = vt.cases
        tagged = vt._tagged()
        if definition is None:
            return self._generic_variant(wit_cases, tagged)
        by_wit = {model.wit_name(c.name): c for c in definition.cases}
        cases = []
        for wit, payload_vt in wit_cases:
            case = by_wit[wit]
            assert payload_vt is not None, "model variants always carry a record"
            cases.append(
                (self.python_class(case.payload.name), wit, self.codec(payload_vt, case.payload))
            )
        lift_by_tag = {wit: codec.lift for _, wit, codec in cases}
        names = " | ".join(cls.__name__ for cls, _, _ in cases)

        def lower(value: Any) -> Any:
            for cls, wit, codec in cases:
                if isinstance(value, cls):
                    return wc.Variant(wit, codec.lower(value)) if tagged else codec.lower(value)
            raise TypeError(f"expected {names}, got {_kind(value)}")

        if tagged:
            return Codec(lower, lambda v: lift_by_tag[v.tag](v.payload))
        return Codec(lower, cases[0][2].lift)

    def _generic_variant(
        self, wit_cases: list[tuple[str, wc.ValType | None]], tagged: bool
    ) -> Codec:
        codecs = {w: self.codec(t) if t is not None else None for w, t in wit_cases}
        classes_of = {w: _classes(t) for w, t in wit_cases}

        def lower(value: Any) -> Any:
            if isinstance(value, Mapping) and len(value) == 1:
                value = classes.Case(*next(iter(value.items())))
            if not isinstance(value, classes.Case) or value.tag not in codecs:
                raise TypeError(
                    f"expected Case(tag, value) with a tag in {sorted(codecs)}, got {value!r}"
                )
            codec = codecs[value.tag]
            payload = None if codec is None else codec.lower(value.value)
            return wc.Variant(value.tag, payload) if tagged else payload

        def lift(value: Any) -> classes.Case:
            tag, payload = (
                (value.tag, value.payload) if tagged else (_case_of(value, classes_of), value)
            )
            codec = codecs[tag]
            return classes.Case(tag, None if codec is None else codec.lift(payload))

        return Codec(lower, lift)

    def _result(self, vt: wc.ResultType) -> Codec:
        """A result not in the guest-error position: a ``Case("ok"|"err", value)``."""
        return self._generic_variant([("ok", vt.ok), ("err", vt.err)], vt._tagged())

    def _resource(self, vt: wc.OwnType | wc.BorrowType, expr: model.TypeExpr | None) -> Codec:
        definition: model.Resource | None = self._definition(expr, model.Resource)
        name = None if definition is None else definition.name
        owned = isinstance(vt, wc.OwnType)
        bridge = self._bridge
        return Codec(lambda v: bridge.lower(v, owned=owned), lambda h: bridge.lift(h, name))


def _classes(vt: wc.ValType | None) -> tuple[type, ...]:
    """The Python classes wasmtime-py lifts a case's payload to (to tell untagged cases apart)."""
    if vt is None:
        return (type(None),)
    found: set[type] = set()
    vt.add_classes(found)
    return tuple(found - {object}) or (object,)


def _case_of(value: Any, classes_of: Mapping[str, tuple[type, ...]]) -> str:
    for tag, kinds in classes_of.items():
        if kinds != (object,) and isinstance(value, kinds):
            return tag
    return next(tag for tag, kinds in classes_of.items() if kinds == (object,))
