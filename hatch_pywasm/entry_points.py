"""Entry points as ``[project.scripts]`` spells them: ``package.module:function``."""

from __future__ import annotations

import re

_ENTRY_POINT = re.compile(
    r"^(?P<module>[A-Za-z_]\w*(\.[A-Za-z_]\w*)*):(?P<function>[A-Za-z_]\w*(\.[A-Za-z_]\w*)*)$"
)

#: The same, as a regex the config model and its JSON Schema check values with.
PATTERN = _ENTRY_POINT.pattern


class EntryPointError(ValueError):
    """An entry point that is not ``module:function``."""


def parse_entry_point(value: str) -> tuple[str, str]:
    """``"pkg.cli:main"`` -> ``("pkg.cli", "main")``."""
    match = _ENTRY_POINT.match(value)
    if match is None:
        raise EntryPointError(
            f"expected an entry point 'package.module:function' (like \"pkg.cli:main\"), "
            f"got {value!r}"
        )
    return match["module"], match["function"]
