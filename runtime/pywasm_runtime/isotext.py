"""The ISO text of dates, times and datetimes (their WIT form) parsed back, the same on both
sides: the host runtime (Python 3.11+) and the componentize-py guest (CPython 3.14), which runs
this very file (copied in as ``pywasm_isotext``; stdlib only). ``fromisoformat`` drops a UTC
offset's microseconds (``+05:30:00.000001``: Python 3.11 and, as tested, the guest's 3.14):
they are parsed here by hand."""

import datetime
import re

#: A UTC offset with seconds and microseconds at the end of the text.
_FINE_OFFSET = re.compile(r"([+-])(\d\d):(\d\d):(\d\d)\.(\d{6})$")


def _parser(parse):
    """``parse`` (a ``fromisoformat``) keeping a UTC offset's microseconds."""

    def lift(text):
        fine = _FINE_OFFSET.search(text)
        if fine is None:
            return parse(text)
        hours, minutes, seconds, micros = (int(g) for g in fine.groups()[1:])
        offset = datetime.timedelta(
            hours=hours, minutes=minutes, seconds=seconds, microseconds=micros
        )
        sign = -1 if fine[1] == "-" else 1
        return parse(text[: fine.start()]).replace(tzinfo=datetime.timezone(sign * offset))

    return lift


parse_time = _parser(datetime.time.fromisoformat)
parse_datetime = _parser(datetime.datetime.fromisoformat)


def parse_date(text):
    """A date's text, or a datetime's: a date parameter or result may carry a datetime, as
    natively (a datetime's text has a "T", a date's never)."""
    if "T" in text:
        return parse_datetime(text)
    return datetime.date.fromisoformat(text)


_BY_KIND = {"date": parse_date, "time": parse_time, "datetime": parse_datetime}


def parse(kind, text):
    """The ``kind`` of value (``"date"``, ``"time"``, ``"datetime"``) whose ISO text is ``text``."""
    return _BY_KIND[kind](text)
