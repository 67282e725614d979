"""Call plans: everything about one exported function that does not change between calls
(its parameter codecs, raw types, result lifting and signature), built at its first call."""

from __future__ import annotations

import ast
import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from wasmtime import component as wc

from pywasm_runtime import errors, exports, rawcall
from pywasm_runtime import model as m
from pywasm_runtime.annotations import annotation as annotation_text
from pywasm_runtime.classes import python_name
from pywasm_runtime.convert import Codec, CodecFactory, with_context

if TYPE_CHECKING:
    from pywasm_runtime.instance import Instance

_GUEST_ERROR_FIELDS = ["type-name", "message", "traceback"]


class CallPlan(NamedTuple):
    """Everything about one function that does not change between calls."""

    interface: exports.InterfaceInfo
    info: exports.FunctionInfo
    names: list[str]
    codecs: list[Codec]
    param_types: list[rawcall.Converter]
    result_type: rawcall.Converter | None
    finish: Callable[[Any], Any]
    signature: inspect.Signature

    @classmethod
    def build(
        cls,
        instance: Instance,
        interface: exports.InterfaceInfo,
        info: exports.FunctionInfo,
        names: list[str],
        signature: inspect.Signature,
    ) -> CallPlan:
        builder = instance._builder
        spec = info.model
        wit_params = info.type.params
        exprs: list[m.TypeExpr | None] = [None] * len(wit_params)
        if spec is not None:
            for i, param in enumerate(spec.params, start=_self_offset(info.kind)):
                exprs[i] = param.type
        codecs = [builder.codec(t, x) for (_, t), x in zip(wit_params, exprs, strict=True)]
        result_type = info.type.result
        finish = _finisher(instance, builder, result_type, spec)
        param_types = [rawcall.converter(t) for _, t in wit_params]
        raw_result = None if result_type is None else rawcall.converter(result_type)
        return cls(interface, info, names, codecs, param_types, raw_result, finish, signature)

    def prepare(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[Any]:
        """Bind the arguments (with defaults) and lower them; errors name the parameter."""
        if kwargs or len(args) != len(self.codecs):
            try:
                bound = self.signature.bind(*args, **kwargs)
            except TypeError as exc:
                raise TypeError(f"{self.info.python_name}(): {exc}") from None
            bound.apply_defaults()
            args = tuple(bound.arguments.values())
        values = []
        for name, codec, value in zip(self.names, self.codecs, args, strict=True):
            try:
                values.append(codec.lower(value))
            except (TypeError, OverflowError, ValueError) as exc:
                where = f"{self.info.python_name}() argument {name!r}"
                raise with_context(exc, where) from None
        return values


def _self_offset(kind: str) -> int:
    """Where the model's parameters start among the WIT ones: a method's WIT ``self`` is not
    in the model."""
    return 1 if kind == "method" else 0


def param_names(info: exports.FunctionInfo) -> list[str]:
    """The Python parameter names: the source's with a model, else from the WIT names."""
    names = [python_name(n) for n, _ in info.type.params]
    if info.model is not None:
        for i, param in enumerate(info.model.params, start=_self_offset(info.kind)):
            names[i] = param.name
    return names


def _is_guest_error(vt: wc.ValType | None) -> bool:
    return isinstance(vt, wc.RecordType) and [n for n, _ in vt.fields] == _GUEST_ERROR_FIELDS


def is_guest_error_result(vt: wc.ValType | None) -> bool:
    """``result<T, guest-error>``: our convention for every export of a built component."""
    return isinstance(vt, wc.ResultType) and _is_guest_error(vt.err)


def _finisher(
    instance: Instance,
    builder: CodecFactory,
    result_type: wc.ValType | None,
    spec: m.Function | None,
) -> Callable[[Any], Any]:
    """Lifting of the result; for ``result<T, guest-error>`` (our convention) the error case
    becomes the host exception."""
    expr = spec.result if spec is not None else None
    if spec is not None and spec.kind == "constructor":
        expr = None  # the WIT result is the resource itself
    if not is_guest_error_result(result_type):
        if result_type is None:
            return lambda raw: None
        return builder.codec(result_type, expr).lift
    assert isinstance(result_type, wc.ResultType)
    ok_type = result_type.ok
    ok = builder.codec(ok_type, expr).lift if ok_type is not None else None
    tagged = result_type._tagged()
    packages = instance.component.packages

    def fail(record: wc.Record) -> Exception:
        fields = [getattr(record, f) for f in _GUEST_ERROR_FIELDS]
        return errors.from_guest(*fields, packages=packages)

    def finish(raw: Any) -> Any:
        if tagged:
            if raw.tag == "err":
                raise fail(raw.payload)
            raw = raw.payload
        elif isinstance(raw, wc.Record):
            raise fail(raw)
        return None if ok is None else ok(raw)

    return finish


def signature_of(
    names: list[str], spec: m.Function | None, kind: str, defs: dict[str, m.TypeDef]
) -> inspect.Signature:
    """The source's signature: names, literal defaults and annotations as source text (what
    ``inspect.signature`` shows for a module written with ``from __future__ import
    annotations``). Without a model: the WIT parameter names only."""
    empty = inspect.Parameter.empty
    offset = _self_offset(kind)
    params = []
    for i, name in enumerate(names):
        default: Any = empty
        annotation: Any = empty
        if spec is not None and i >= offset:
            param = spec.params[i - offset]
            annotation = annotation_text(param.type, defs)
            if param.default is not None:
                default = ast.literal_eval(param.default)
        params.append(
            inspect.Parameter(
                name,
                inspect.Parameter.POSITIONAL_OR_KEYWORD,
                default=default,
                annotation=annotation,
            )
        )
    if spec is None:
        return inspect.Signature(params)
    result = "None" if kind == "constructor" else annotation_text(spec.result, defs)
    return inspect.Signature(params, return_annotation=result)
