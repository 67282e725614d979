"""The ``pywasm`` build hook: runs :mod:`hatch_pywasm.pipeline` for a wheel build, places its
outputs (:mod:`hatch_pywasm.placement`) and hands hatchling the results; for every build, keeps
the hook's earlier outputs out of hatchling's file collection (:mod:`hatch_pywasm.collection`).
Wiring only."""

from __future__ import annotations

import atexit
import importlib.metadata
import os
import re
import shutil
import tempfile
import time
import tomllib
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface
from packaging.utils import canonicalize_name

from hatch_pywasm import collection, editable, frontend, pipeline, placement
from hatch_pywasm.config import GLOBAL_TABLE, WHEEL_TABLE, BuildConfig, ConfigError, Project
from hatch_pywasm.diagnostics import PyWasmError
from hatch_pywasm.frontend.sources import SourceSet
from hatch_pywasm.placement import PlacementError

RUNTIME = "pywasm-runtime"


class PyWasmBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "pywasm"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name == "sdist":
            # The sdist ships sources only (a wheel built from it compiles them), never what
            # earlier builds wrote into the source tree.
            try:
                config = self._config()
            except ConfigError:
                return  # the wheel built from the sdist reports it
            self._exclude_outputs(config)
            return
        if self.target_name != "wheel":
            return
        started = time.monotonic()
        try:
            config = self._config()
            if config.wheel != "none":
                self._check_packages_shipped(config)
            self._exclude_outputs(config)
            build_data["tag"] = "py3-none-any"  # not py2.py3 when requires-python is unset
            checked, outputs = pipeline.build(self._project(), config, self._say)
            self._place(version, checked, outputs, build_data)
        except BaseException as error:
            self._remove_staging()
            if isinstance(error, PyWasmError):  # the user's to fix: no traceback of ours
                count = len(error.diagnostics)
                self.app.abort(f"[pywasm] {count} problem(s) stop the build:\n{error}")
            raise
        self._say(f"done in {time.monotonic() - started:.1f} s", success=True)

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        self._remove_staging()

    def _place(
        self,
        version: str,
        checked: pipeline.Checked,
        outputs: list[placement.Output],
        build_data: dict[str, Any],
    ) -> None:
        # Temporary places first, the project's own folders last, so a failure leaves nothing
        # half-written there.
        project, config = checked.project, checked.config
        if config.wheel != "none" and version != "editable":
            self._staging = staging = Path(tempfile.mkdtemp(prefix="pywasm-wheel-"))
            # finalize is skipped when hatchling fails after this hook (or with --hooks-only)
            atexit.register(shutil.rmtree, staging, ignore_errors=True)
            sources = SourceSet(project.root, frontend.DEFAULT_SOURCE_ROOTS)
            proxies = sources if config.wheel == "replace" else None
            included = placement.stage_wheel(outputs, checked.wasm_dirs, staging, proxies)
            build_data.setdefault("force_include", {}).update(included)
            packages = ", ".join(checked.wasm_dirs)
            self._say(f"wheel: {len(outputs)} component(s) in {packages}")
        out_dir = self._out_dir(config)
        if out_dir is not None:
            js = None
            if config.js:
                js = placement.JsPackages(project.name, project.version, config.jco)
            placement.write_out_dir(outputs, out_dir, js, self._say)
            self._say(f"out-dir: {', '.join(str(out_dir / o.component.name) for o in outputs)}")
        if config.wheel != "none":
            if version == "editable":
                # The package is imported from the source tree, so the runtime looks there.
                placement.write_wasm_dirs(outputs, checked.wasm_dirs)
                # what the runtime checks to rebuild a component whose sources changed
                editable.write_records(project, outputs, checked.wasm_dirs, config.editable_rebuild)
            self._declare_runtime(build_data)

    def _remove_staging(self) -> None:
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)
            self._staging = None

    def clean(self, versions: list[str]) -> None:
        """Removes what builds wrote: ``<package>/__wasm__/`` in the source tree (editable
        builds) and ``<out-dir>/<component>/``."""
        try:
            config = self._config()
        except ConfigError:
            return  # nothing can have been built with a configuration that does not load
        paths = self._wasm_dirs(config)
        if config.out_dir:
            out_dir = Path(self.root, config.out_dir)
            paths += [out_dir / c.name for c in config.components]
        for path in placement.remove(paths):
            self._say(f"removed {path}")

    def _wasm_dirs(self, config: BuildConfig) -> list[Path]:
        """``<package>/__wasm__/`` of each top-level package in the source tree, where editable
        builds write."""
        packages = placement.top_packages(m for c in config.components for m in c.modules)
        return [
            root / package / placement.WASM_DIR
            for root in pipeline.source_roots(self._project())
            for package in packages
            if (root / package / "__init__.py").is_file()
        ]

    def _exclude_outputs(self, config: BuildConfig) -> None:
        """Whatever the VCS ignore files say, what builds wrote into the project (editable
        builds' ``__wasm__``, the out-dir) is not a source: the wheel gets its components
        through ``force_include``, and collected once more they would be there twice."""
        outputs = self._wasm_dirs(config)
        if config.out_dir:
            outputs.append(Path(self.root, config.out_dir))
        collection.exclude_outputs(self.build_config, Path(self.root), outputs)

    def _out_dir(self, config: BuildConfig) -> Path | None:
        """Where the out-dir goes. ``python -m build`` and ``uv build`` build the wheel from
        the sdist, unpacked in a temporary folder that is deleted afterwards: a relative
        out-dir then goes to the project the build was started in (the shell's $PWD, when it
        holds this project), else the build says where it went and how to choose."""
        if config.out_dir is None:
            return None
        root = Path(self.root)
        path = Path(root, config.out_dir)
        if Path(config.out_dir).is_absolute() or not (root / "PKG-INFO").is_file():
            return path  # an absolute one ($HATCH_PYWASM_OUT_DIR's is), or not from an sdist
        origin = _started_in(self.metadata.name)
        if origin is not None and origin.resolve() != root.resolve():
            self._say(f"out-dir: this wheel is built from an unpacked sdist; writing to {origin}")
            return origin / config.out_dir
        self.app.display_warning(
            f"[pywasm] out-dir: this wheel is built from an sdist unpacked in {root} (python -m "
            f"build and uv build do so), so {config.out_dir} goes to {path}, which the "
            f"front-end may delete; set HATCH_PYWASM_OUT_DIR to a folder, or build the wheel "
            "from the source tree (python -m build --wheel, uv build --wheel)"
        )
        return path

    def _check_packages_shipped(self, config: BuildConfig) -> None:
        """A wheel with components but without their package cannot work (the runtime needs
        its classes): an error naming the ``packages`` setting, before anything is compiled."""
        roots = pipeline.source_roots(self._project())
        found = {}
        for package in placement.top_packages(m for c in config.components for m in c.modules):
            try:
                found[package] = placement.package_dir(package, roots)
            except PlacementError:
                continue  # the pipeline reports it, with the other problems
        try:
            missing = collection.missing_packages(self.build_config, Path(self.root), found)
        except ValueError:  # hatchling's "Unable to determine which files to ship"
            missing = list(found)
        if missing:
            pyproject = str(Path(self.root, "pyproject.toml"))
            raise ConfigError(collection.missing_packages_diagnostic(pyproject, missing, found))

    _staging: Path | None = None

    def _project(self) -> Project:
        return Project(
            Path(self.root),
            self.metadata.name,
            self.metadata.version,
            tuple(self.metadata.core.dependencies),
        )

    def _config(self) -> BuildConfig:
        hooks = self.build_config.target_config.get("hooks", {})
        table = WHEEL_TABLE if "pywasm" in hooks else GLOBAL_TABLE
        return pipeline.configure(self._project(), table, self.config)

    def _declare_runtime(self, build_data: dict[str, Any]) -> None:
        """The wheel needs the runtime. Frontends that read metadata before building (pip's and
        uv's prepare_metadata_for_build_wheel) do not see build-time dependencies, so the
        project should list it itself."""
        listed = {
            re.split(r"[\s<>=!~;\[(]", d, maxsplit=1)[0].lower().replace("_", "-")
            for d in self.metadata.core.dependencies
        }
        if RUNTIME in listed:
            return
        runtime_version = importlib.metadata.version(RUNTIME)
        major, minor = (int(p) for p in runtime_version.split(".")[:2])
        requirement = f"{RUNTIME}>={major}.{minor},<{major}.{minor + 1}"
        build_data.setdefault("dependencies", []).append(requirement)
        self.app.display_warning(
            f"[pywasm] the wheel depends on {requirement}, added at build time; installers "
            "that prepare metadata first (pip, uv) miss it: add it to [project] dependencies"
        )

    def _say(self, message: str, success: bool = False) -> None:
        (self.app.display_success if success else self.app.display_info)(f"[pywasm] {message}")


def _started_in(project_name: str) -> Path | None:
    """The folder the user started the build in ($PWD: front-ends change the working folder of
    the backend, not that variable), if it is the source tree of ``project_name``."""
    folder = os.environ.get("PWD")
    if not folder:
        return None
    try:
        pyproject = tomllib.loads(Path(folder, "pyproject.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return None
    name = pyproject.get("project", {}).get("name")
    if not isinstance(name, str) or canonicalize_name(name) != canonicalize_name(project_name):
        return None
    return Path(folder)
