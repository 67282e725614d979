"""The exception detail both sides of the boundary run (pywasm_runtime.errordetail), on its own:
an exception described and rebuilt keeps its class, args, attributes, notes and chain; what no
boundary type carries is left out rather than altered; a class the other side cannot import
becomes a class of the same name and nearest base whose vars() hold only the instance's."""

from __future__ import annotations

import datetime
import json
import zoneinfo
from typing import Any

import pywasm_runtime as pr
from pywasm_runtime import errordetail, errors, isotext


class _AnyModule(errordetail.Resolver):
    parse_iso = staticmethod(isotext.parse)

    def module(self, name: str) -> Any:
        import importlib

        try:
            return importlib.import_module(name)
        except ImportError:
            return None


def _round_trip(exc: BaseException, resolver: errordetail.Resolver | None = None) -> Any:
    text = errordetail.document(exc, exc.__traceback__, "the text")
    parsed = errordetail.parse(text)
    assert parsed is not None and json.loads(text)["text"] == "the text"
    return errordetail.rebuild(parsed["exception"], resolver or _AnyModule())


class _Fixed(datetime.tzinfo):
    def utcoffset(self, dt: Any) -> datetime.timedelta:
        return datetime.timedelta(hours=1)


def test_zoneinfo_datetimes_keep_their_zone_other_tzinfos_are_left_out() -> None:
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    error = ValueError("late")
    error.when = datetime.datetime(2026, 10, 25, 2, 30, tzinfo=paris, fold=1)  # type: ignore[attr-defined]
    error.fixed = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)  # type: ignore[attr-defined]
    error.custom = datetime.datetime(2026, 1, 1, tzinfo=_Fixed())  # type: ignore[attr-defined]
    back = _round_trip(error)
    assert back.when == error.when and back.when.tzinfo is paris and back.when.fold == 1  # type: ignore[attr-defined]
    assert back.when.utcoffset() == error.when.utcoffset()  # type: ignore[attr-defined]
    assert back.fixed == error.fixed  # type: ignore[attr-defined]
    assert not hasattr(back, "custom")  # its offset alone would be another value


def test_chain_notes_and_args_survive() -> None:
    try:
        try:
            {}["k"]
        except KeyError as inner:
            raise LookupError("outer", 2) from inner
    except LookupError as exc:
        exc.add_note("a note")
        back = _round_trip(exc)
    assert type(back) is LookupError and back.args == ("outer", 2)
    assert back.__notes__ == ["a note"]
    assert type(back.__cause__) is KeyError and back.__cause__.args == ("k",)
    assert back.__context__ is back.__cause__


def test_unimportable_class_has_only_the_instance_attributes_in_vars() -> None:
    class Private(ValueError):
        pass

    error = Private("hidden")
    error.code = 7  # type: ignore[attr-defined]
    described = json.loads(errordetail.document(error, None, ""))["exception"]
    text = json.dumps({"pywasm-guest-error": 1, "text": "t", "exception": described})
    back = errors.from_guest("x.Private", "hidden", text, packages=frozenset())
    assert isinstance(back, pr.GuestError) and isinstance(back, ValueError)
    assert vars(back) == {"code": 7}
    assert (back.type_name, back.message, str(back)) == (described["type"], "hidden", "hidden")
    assert back.guest_traceback == "t"
