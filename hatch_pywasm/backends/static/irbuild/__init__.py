"""AST -> typed IR (mypyc's irbuild): type inference of locals, implicit conversions made
explicit, one stage in four modules.

One :class:`~.statements.FunctionLowerer` per function walks its body once, in source order: the
first assignment of a local fixes its type, and any later assignment of another type is a
:class:`SubsetError`. Everything outside the subset is reported at the first construct, with
``file:line``. Only functions reachable from the exports are lowered, so a helper outside the
subset that no export calls does not matter.

Parameter and result types of exported functions come from the interface model; every other
annotation (a private helper's, a local's, a dataclass field's) is read by the frontend's
resolver into model types too (:mod:`.annotations`), then mapped onto the subset.

- :mod:`.module`: module-level statements, signatures; the program's worklist (across
  modules: a call of another module's function lowers that module too);
- :mod:`.statements`: statements, definite assignment;
- :mod:`.expressions`: expressions and calls; :mod:`.builtins`: builtin functions;
- :mod:`.annotations`: annotations as subset types;
- :mod:`.common`: operator tables, the math library's name, literals.
"""

from __future__ import annotations

from .annotations import Annotations
from .common import LIBRARY_MODULE
from .module import Program

__all__ = ["LIBRARY_MODULE", "Annotations", "Program"]
