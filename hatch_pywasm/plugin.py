"""The ``pywasm`` build hook: runs :mod:`hatch_pywasm.pipeline` for a wheel build, places its
outputs (:mod:`hatch_pywasm.placement`) and hands hatchling the results. Wiring only."""

from __future__ import annotations

import atexit
import importlib.metadata
import re
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

from hatch_pywasm import frontend, pipeline, placement
from hatch_pywasm.config import GLOBAL_TABLE, WHEEL_TABLE, BuildConfig, ConfigError, Project
from hatch_pywasm.diagnostics import PyWasmError
from hatch_pywasm.frontend.sources import SourceSet

RUNTIME = "pywasm-runtime"


class PyWasmBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "pywasm"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return  # the sdist ships sources only; a wheel built from it compiles them
        started = time.monotonic()
        try:
            checked, outputs = pipeline.build(self._project(), self._config(), self._say)
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
        if config.out_dir:
            out_dir = Path(self.root, config.out_dir)
            js = None
            if config.js:
                js = placement.JsPackages(project.name, project.version, config.jco)
            placement.write_out_dir(outputs, out_dir, js, self._say)
            self._say(f"out-dir: {', '.join(str(out_dir / o.component.name) for o in outputs)}")
        if config.wheel != "none":
            if version == "editable":
                # The package is imported from the source tree, so the runtime looks there.
                placement.write_wasm_dirs(outputs, checked.wasm_dirs)
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
        project = self._project()
        packages = placement.top_packages(m for c in config.components for m in c.modules)
        paths = [
            root / package / placement.WASM_DIR
            for root in pipeline.source_roots(project)
            for package in packages
            if (root / package / "__init__.py").is_file()
        ]
        if config.out_dir:
            out_dir = Path(self.root, config.out_dir)
            paths += [out_dir / c.name for c in config.components]
        for path in placement.remove(paths):
            self._say(f"removed {path}")

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
