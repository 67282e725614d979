"""Call plans: everything about one exported function that does not change between calls
(its parameter codecs, raw types, result lifting and signature), built at its first call."""

from __future__ import annotations

import builtins
import importlib
import inspect
import types
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
    #: Every parameter is positional-or-keyword: a call with all arguments positional needs
    #: no binding.
    plain: bool
    #: Binds a call's arguments as the native function does (its very TypeErrors): the values
    #: of every parameter in order, defaults applied.
    bind: Callable[..., tuple[Any, ...]]

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
        plain = all(
            p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD for p in signature.parameters.values()
        )
        bind = binder(
            signature, info.python_name, _qualname(interface, info), info.kind == "constructor"
        )
        return cls(
            interface, info, names, codecs, param_types, raw_result, finish, signature, plain, bind
        )

    def prepare(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[Any]:
        """Bind the arguments (with defaults) and lower them; errors name the parameter. WIT
        parameters are positional whatever the source's kinds: ``*args`` travels as one list,
        ``**kwargs`` as one list of pairs."""
        if kwargs or len(args) != len(self.codecs) or not self.plain:
            args = self.bind(*args, **kwargs)
        values = []
        for name, codec, value in zip(self.names, self.codecs, args, strict=True):
            try:
                values.append(codec.lower(value))
            except (TypeError, OverflowError, ValueError) as exc:
                where = f"{self.info.python_name}() argument {name!r}"
                raise with_context(exc, where) from None
        return values


def _qualname(interface: exports.InterfaceInfo, info: exports.FunctionInfo) -> str:
    """The name native errors give the function: ``post``, ``Account.post``."""
    resource = info.resource
    if resource is None or interface.model is None:
        return info.python_name
    for definition in interface.model.types:
        if isinstance(definition, m.Resource) and m.plain_wit_name(definition.name) == resource:
            return f"{definition.name}.{info.python_name}"
    return info.python_name


def binder(
    signature: inspect.Signature, name: str, qualname: str, with_self: bool = False
) -> Callable[..., tuple[Any, ...]]:
    """A function with ``signature`` (names, kinds, defaults) returning its arguments' values:
    calling it binds exactly as the native function binds, with the same TypeErrors.
    ``with_self``: a constructor, whose native ``__init__`` counts ``self`` in its messages."""
    params: list[str] = ["self"] if with_self else []
    defaults: dict[str, Any] = {}
    kinds = inspect.Parameter
    last = None
    for i, p in enumerate(signature.parameters.values()):
        if last is kinds.POSITIONAL_ONLY and p.kind is not kinds.POSITIONAL_ONLY:
            params.append("/")
        if p.kind is kinds.KEYWORD_ONLY and last not in (kinds.KEYWORD_ONLY, kinds.VAR_POSITIONAL):
            params.append("*")
        text = {kinds.VAR_POSITIONAL: "*", kinds.VAR_KEYWORD: "**"}.get(p.kind, "") + p.name
        if p.default is not inspect.Parameter.empty:
            defaults[f"_default{i}"] = p.default
            text += f"=_default{i}"
        params.append(text)
        last = p.kind
    if last is kinds.POSITIONAL_ONLY:
        params.append("/")
    values = "".join(f"{p}, " for p in ["self"][: int(with_self)] + list(signature.parameters))
    namespace: dict[str, Any] = {"__builtins__": builtins, **defaults}
    exec(f"def bind({', '.join(params)}):\n    return ({values})\n", namespace)
    made = namespace["bind"]
    made.__code__ = made.__code__.replace(co_name=name, co_qualname=qualname)
    made.__name__, made.__qualname__ = name, qualname
    if not with_self:
        return made

    def bind_constructor(*args: Any, **kwargs: Any) -> tuple[Any, ...]:
        return made(None, *args, **kwargs)[1:]

    return bind_constructor


def _self_offset(kind: str) -> int:
    """Where the model's parameters start among the WIT ones: a method's WIT ``self`` is not
    in the model."""
    return 1 if kind == "method" else 0


def param_names(info: exports.FunctionInfo) -> list[str]:
    """The Python parameter names: the source's with a model, else from the WIT names. (A
    module-level function's are the model's, one per WIT parameter: its WIT types are not read
    for them, so binding a namespace reflects none and a first call only its own function's.)"""
    if info.model is not None and info.kind == "function":
        return [param.name for param in info.model.params]
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


def namespace_of(spec: m.Function) -> dict[str, Any]:
    """What the names of a function's annotations and defaults mean, imported from where the
    frontend found them (a name that cannot be imported here is left out)."""
    namespace: dict[str, Any] = {"__builtins__": builtins}
    for ref in spec.names:
        try:
            value: Any = importlib.import_module(ref.module)
            for part in ref.qualname.split(".") if ref.qualname else ():
                value = getattr(value, part)
        except (ImportError, AttributeError):
            continue
        namespace[ref.name] = value
    return namespace


def _evaluated(text: str, namespace: dict[str, Any]) -> Any:
    """A constant expression of the source (a default, an annotation) as the object it means;
    the text itself when it cannot be evaluated here (a name not importable on the host)."""
    try:
        return eval(text, namespace)  # the package's own manifest: text from its own source
    except Exception:
        return text


_KINDS = {
    "positional_only": inspect.Parameter.POSITIONAL_ONLY,
    "positional_or_keyword": inspect.Parameter.POSITIONAL_OR_KEYWORD,
    "var_positional": inspect.Parameter.VAR_POSITIONAL,
    "keyword_only": inspect.Parameter.KEYWORD_ONLY,
    "var_keyword": inspect.Parameter.VAR_KEYWORD,
}


def signature_of(
    names: list[str],
    spec: m.Function | None,
    kind: str,
    defs: dict[str, m.TypeDef],
    namespace: dict[str, Any] | None = None,
) -> inspect.Signature:
    """The source's signature: names, kinds, defaults as the objects they are, annotations as
    the objects they are where the source evaluates them, as the source's text where it uses
    ``from __future__ import annotations`` (``namespace``: :func:`namespace_of`). Manifests
    without the text give annotations spelled from the model. Without a model: the WIT
    parameter names only."""
    empty = inspect.Parameter.empty
    offset = _self_offset(kind)
    if namespace is None:
        namespace = namespace_of(spec) if spec is not None else {}

    def annotation(text: str, expr: m.TypeExpr | None) -> Any:
        if not text:
            return annotation_text(expr, defs)
        return text if spec is not None and spec.future_annotations else _evaluated(text, namespace)

    params = []
    for i, name in enumerate(names):
        default: Any = empty
        annotation_value: Any = empty
        param_kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
        if spec is not None and i >= offset:
            param = spec.params[i - offset]
            param_kind = _KINDS[param.kind]
            expr = param.type
            if param.kind == "var_positional" and isinstance(expr, m.ListOf):
                expr = expr.element
            elif param.kind == "var_keyword" and isinstance(expr, m.DictOf):
                expr = expr.value
            annotation_value = annotation(param.annotation, expr)
            if param.default is not None:
                default = _evaluated(param.default, namespace)
        params.append(
            inspect.Parameter(name, param_kind, default=default, annotation=annotation_value)
        )
    if spec is None:
        return inspect.Signature(params)
    if spec.kind == "constructor":
        legacy = not spec.returns and not any(p.annotation for p in spec.params)
        result = annotation(spec.returns, None) if spec.returns or legacy else empty
    else:
        result = annotation(spec.returns, spec.result)
    return inspect.Signature(params, return_annotation=result)


def with_namespace(
    function: Callable[..., Any], signature: inspect.Signature, namespace: dict[str, Any]
) -> Callable[..., Any]:
    """``function`` (whose code reads no globals) as the proxy the host sees: its
    ``__signature__`` and ``__annotations__`` the source's, its ``__globals__`` the names of its
    annotations, so ``typing.get_type_hints`` resolves text annotations as for the native one."""
    assert isinstance(function, types.FunctionType)
    made = types.FunctionType(
        function.__code__,
        {"__builtins__": builtins, **namespace},
        function.__name__,
        function.__defaults__,
        function.__closure__,
    )
    made.__qualname__ = function.__qualname__
    made.__doc__ = function.__doc__
    made.__signature__ = signature  # type: ignore[attr-defined]
    annotations = {
        name: p.annotation
        for name, p in signature.parameters.items()
        if p.annotation is not inspect.Parameter.empty
    }
    if signature.return_annotation is not inspect.Signature.empty:
        annotations["return"] = signature.return_annotation
    made.__annotations__ = annotations
    return made
