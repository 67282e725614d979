"""The componentize-py backend: a generated adapter plus the user's modules, bundled with
CPython into one component by componentize-py (called in-process, never through its CLI, which
adds ``$VIRTUAL_ENV``'s site-packages to the guest's path)."""

from __future__ import annotations

import importlib.metadata
import tempfile
from pathlib import Path

import componentize_py

from hatch_pywasm.backends import BackendError, BuildJob
from hatch_pywasm.backends.componentize import adapter, command
from hatch_pywasm.backends.componentize.report import readable

NAME = "componentize"
WIT_FILE = "component.wit"


def version() -> str:
    return importlib.metadata.version("componentize-py")


def inputs(job: BuildJob) -> dict[str, str]:
    """What the output depends on besides the guest sources: the generated files by name."""
    if job.command is not None:
        return command.inputs(job.command)
    files = adapter.generate(job.component, job.preload, job.bundle)
    files[WIT_FILE] = job.wit
    return files


def compile_component(job: BuildJob, output: Path) -> None:
    """Build ``job``'s component into ``output`` (a file that does not exist yet)."""
    if job.command is not None:
        command.compile_command(job.command, job.python_path, output)
        return
    with tempfile.TemporaryDirectory(prefix="pywasm-adapter-") as tmp:
        work = Path(tmp)
        for name, text in inputs(job).items():
            (work / name).write_text(text, encoding="utf-8")
        python_path = [str(work), *job.python_path]
        try:
            componentize_py.componentize(
                [str(work / WIT_FILE)],  # wit_path
                [job.component.name],  # worlds
                [],  # features
                False,  # all_features
                None,  # world_module
                python_path,
                [],  # module_worlds
                adapter.APP_MODULE,  # app_name
                str(output),  # output_path
                job.stub_wasi,
                [],  # import_interface_names
                adapter.export_interface_names(job.component),
                False,  # full_names
                None,  # intersect_world
            )
        except AssertionError as exc:
            # componentize-py reports guest failures (an import error while the modules are
            # imported at build time, say) as an AssertionError carrying the guest traceback.
            raise BackendError(
                f"componentize-py could not build component {job.component.name!r}: importing "
                f"its modules at build time failed:\n{readable(str(exc), python_path)}"
            ) from None
        except Exception as exc:  # its WIT and wasm errors arrive as plain exceptions
            raise BackendError(
                f"componentize-py could not build component {job.component.name!r}: "
                f"{type(exc).__name__}: {exc}"
            ) from None
