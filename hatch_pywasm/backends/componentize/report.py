"""componentize-py's error reports, made readable for the build log."""

from __future__ import annotations


def readable(report: str, python_path: list[str]) -> str:
    """componentize-py's report without its Rust backtrace, with the guest's file names
    (``/N/pkg/mod.py``: the N-th python path entry) turned back into the host's."""
    report = report.split("\n\nStack backtrace:", 1)[0].rstrip()
    for index, folder in reversed(list(enumerate(python_path))):
        report = report.replace(f'File "/{index}/', f'File "{folder}/')
    return report
