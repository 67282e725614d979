"""WIT-like text for a component's functions, from its own types (for ``inspect``)."""

from __future__ import annotations

from wasmtime import component as wc

from pywasm_runtime import exports

_SIMPLE = {
    wc.Bool: "bool", wc.S8: "s8", wc.S16: "s16", wc.S32: "s32", wc.S64: "s64", wc.U8: "u8",
    wc.U16: "u16", wc.U32: "u32", wc.U64: "u64", wc.F32: "f32", wc.F64: "f64", wc.Char: "char",
    wc.String: "string",
}  # fmt: skip


def valtype(vt: wc.ValType | None) -> str:
    if vt is None:
        return "_"
    simple = _SIMPLE.get(type(vt))
    if simple is not None:
        return simple
    if isinstance(vt, wc.ListType):
        return f"list<{valtype(vt.element)}>"
    if isinstance(vt, wc.TupleType):
        return f"tuple<{', '.join(valtype(e) for e in vt.elements)}>"
    if isinstance(vt, wc.OptionType):
        return f"option<{valtype(vt.payload)}>"
    if isinstance(vt, wc.ResultType):
        return f"result<{valtype(vt.ok)}, {valtype(vt.err)}>"
    if isinstance(vt, wc.RecordType):
        if [n for n, _ in vt.fields] == ["type-name", "message", "traceback"]:
            return "guest-error"
        return "record { " + ", ".join(f"{n}: {valtype(t)}" for n, t in vt.fields) + " }"
    if isinstance(vt, wc.EnumType):
        return "enum { " + ", ".join(vt.names) + " }"
    if isinstance(vt, wc.FlagsType):
        return "flags { " + ", ".join(vt.names) + " }"
    if isinstance(vt, wc.VariantType):
        cases = (n if t is None else f"{n}({valtype(t)})" for n, t in vt.cases)
        return "variant { " + ", ".join(cases) + " }"
    if isinstance(vt, wc.OwnType):
        return "own<resource>"
    if isinstance(vt, wc.BorrowType):
        return "borrow<resource>"
    return type(vt).__name__


def function(info: exports.FunctionInfo) -> str:
    params = ", ".join(f"{n}: {valtype(t)}" for n, t in info.type.params)
    result = info.type.result
    return f"{info.wit}: func({params})" + (f" -> {valtype(result)}" if result is not None else "")


def interface(info: exports.InterfaceInfo) -> str:
    title = f"  {info.id}" + (f"  (Python: {info.model.module})" if info.model else "")
    lines = [title, *(f"    {function(f)}" for f in info.functions.values())]
    return "\n".join(lines)
