"""The ``pywasm`` build hook: runs the stages for a wheel build and hands hatchling the results.

config (validated table) -> frontend (interface model per component) -> WIT -> backend selection
-> backend (through the build cache; componentize-py builds in parallel) -> placement (wheel
sidecar or replace proxies, editable source tree, out-dir, JS). Each stage is its own module;
this class only wires them to hatchling.
"""

from __future__ import annotations

import importlib.metadata
import re
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface
from pywasm_runtime import manifest, model

from hatch_pywasm import bundle, frontend, placement, wit
from hatch_pywasm.backends import BackendError, BuildJob, selection
from hatch_pywasm.backends.scheduler import build_components
from hatch_pywasm.cache import BuildCache, default_root
from hatch_pywasm.config import GLOBAL_TABLE, WHEEL_TABLE, BuildConfig, ConfigError, load_config
from hatch_pywasm.frontend.sources import SourceSet
from hatch_pywasm.replace import proxy_source

RUNTIME = "pywasm-runtime"


class PyWasmBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "pywasm"

    # ----------------------------------------------------------------------------------------
    # hatchling entry points
    # ----------------------------------------------------------------------------------------

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return  # the sdist ships sources only; a wheel built from it compiles them
        config = self._config()
        started = time.monotonic()
        # Checked before the long steps: every exported module is in a package to ship in.
        wasm_dirs = self._wasm_dirs(config) if config.wheel != "none" else {}
        outputs = self._build(config)
        # Temporary places first, the project's own folders last, so a failure leaves nothing
        # half-written there.
        if config.wheel != "none" and version != "editable":
            self._add_to_wheel(config, outputs, build_data)
        if config.out_dir:
            self._write_out_dir(config, outputs)
        if config.wheel != "none":
            if version == "editable":
                # The package is imported from the source tree, so the runtime looks there.
                placement.write_wasm_dirs(outputs, wasm_dirs)
            self._declare_runtime(build_data)
        self._say(f"done in {time.monotonic() - started:.1f} s", success=True)

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
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
        packages = sorted({m.split(".")[0] for c in config.components for m in c.modules})
        paths = [
            root / package / manifest.WASM_DIR
            for root in self._source_roots()
            for package in packages
            if (root / package / "__init__.py").is_file()
        ]
        if config.out_dir:
            out_dir = Path(self.root, config.out_dir)
            paths += [out_dir / c.name for c in config.components]
        for path in placement.remove(paths):
            self._say(f"removed {path}")

    # ----------------------------------------------------------------------------------------
    # stages
    # ----------------------------------------------------------------------------------------

    _staging: Path | None = None

    def _config(self) -> BuildConfig:
        hooks = self.build_config.target_config.get("hooks", {})
        table = WHEEL_TABLE if "pywasm" in hooks else GLOBAL_TABLE
        where = f"{Path(self.root, 'pyproject.toml')} [{table}]"
        config = load_config(self.config, where=where, project_name=self.metadata.name)
        if config.js and not config.out_dir:
            raise ConfigError(
                f"{where} option 'js': the JS packages are written to <out-dir>/<component>/js; "
                'set out-dir (like out-dir = "dist/wasm") as well'
            )
        return config

    def _source_roots(self) -> list[Path]:
        return [Path(self.root, r) for r in frontend.DEFAULT_SOURCE_ROOTS]

    def _backends(
        self, config: BuildConfig, components: list[model.Component]
    ) -> list[selection.Choice]:
        """Each component's backend, logged with the reason; one error lists every component
        whose ``backend = "static"`` cannot be met."""
        chosen, problems = [], []
        for spec, component in zip(config.components, components, strict=True):
            try:
                choice = selection.choose(spec.backend, component, Path(self.root))
            except BackendError as exc:
                problems.append(str(exc))
                continue
            self._say(selection.describe(component.name, choice))
            chosen.append(choice)
        if problems:
            raise BackendError("\n".join(problems))
        return chosen

    def _jobs(self, config: BuildConfig, components: list[model.Component]) -> list[BuildJob]:
        roots = [r for r in self._source_roots() if r.is_dir()]
        python_path = (*(str(r) for r in roots), *bundle.environment_paths())
        environment = bundle.environment_fingerprint()
        sources = SourceSet(Path(self.root), frontend.DEFAULT_SOURCE_ROOTS)
        choices = self._backends(config, components)
        closure = bundle.dependency_closure(self.metadata.core.dependencies)
        jobs, problems = [], []
        for component, choice in zip(components, choices, strict=True):
            text = wit.render(component)
            wit.validate(text)
            modules = bundle.imported_modules(
                sources, [i.module for i in component.interfaces() if i.module]
            )
            extra = bundle.GuestBundle((), {}, (), ())
            if choice.backend == "componentize":
                extra = bundle.guest_bundle(sources, roots, modules, closure, config.exclude)
                for warning in extra.warnings:
                    self._say(f"{component.name}: warning: {warning}")
                problems += [f"component {component.name!r}: {e}" for e in extra.errors]
            inputs = {**extra.project_files, **modules}
            jobs.append(
                BuildJob(
                    component=component,
                    wit=text,
                    python_path=python_path,
                    preload=tuple(modules),
                    sources=tuple((name, str(path)) for name, path in sorted(inputs.items())),
                    environment=environment,
                    stub_wasi=config.stub_wasi,
                    backend=choice.backend,
                    static_wasm=choice.static_wasm,
                    bundle=tuple(m for m in extra.modules if m not in modules),
                )
            )
        if problems:
            raise BackendError("\n".join(problems))
        return jobs

    def _build(self, config: BuildConfig) -> list[placement.Output]:
        components = frontend.analyze_components(
            Path(self.root),
            config.components,
            namespace=config.namespace,
            package=config.package,
            version=self.metadata.version,
        )
        jobs = self._jobs(config, components)
        cache_root = Path(self.root, config.cache_dir) if config.cache_dir else default_root()
        built = build_components(jobs, BuildCache(cache_root), config.jobs, self._say)
        return [
            placement.Output(job.component, item.path, job.wit, job.backend, config.stub_wasi)
            for job, item in zip(jobs, built, strict=True)
        ]

    def _wasm_dirs(self, config: BuildConfig, base: Path | None = None) -> dict[str, Path]:
        """``<package>/__wasm__`` for each top-level package of the exported modules: in the
        source tree, or under ``base`` (a staging folder for the wheel)."""
        packages = sorted({m.split(".")[0] for c in config.components for m in c.modules})
        roots = self._source_roots()
        return {
            p: (base / p if base else placement.package_dir(p, roots)) / manifest.WASM_DIR
            for p in packages
        }

    def _add_to_wheel(
        self, config: BuildConfig, outputs: list[placement.Output], build_data: dict[str, Any]
    ) -> None:
        self._staging = Path(tempfile.mkdtemp(prefix="pywasm-wheel-"))
        folders = placement.write_wasm_dirs(outputs, self._wasm_dirs(config, self._staging))
        force_include = build_data.setdefault("force_include", {})
        for package, folder in folders.items():
            force_include[str(folder)] = f"{package}/{manifest.WASM_DIR}"
        if config.wheel == "replace":
            sources = SourceSet(Path(self.root), frontend.DEFAULT_SOURCE_ROOTS)
            for output in outputs:
                for interface in output.component.exports:
                    path = sources.locate(interface.module)
                    assert path is not None  # the frontend found it moments ago
                    proxy = self._staging / "proxies" / interface.module / path.name
                    proxy.parent.mkdir(parents=True, exist_ok=True)
                    proxy.write_text(proxy_source(path.read_text("utf-8"), interface), "utf-8")
                    parts = interface.module.split(".")
                    folder = parts if path.name == "__init__.py" else parts[:-1]
                    force_include[str(proxy)] = "/".join([*folder, path.name])
        self._say(f"wheel: {len(outputs)} component(s) in {', '.join(sorted(folders))}")

    def _write_out_dir(self, config: BuildConfig, outputs: list[placement.Output]) -> None:
        assert config.out_dir is not None
        out_dir = Path(self.root, config.out_dir)
        extra = None
        if config.js:
            from hatch_pywasm.js import write_js_package  # needs jco: only when asked for

            def extra(output: placement.Output, folder: Path) -> None:
                self._say(f"{output.component.name}: writing the JS package (jco)")
                write_js_package(
                    folder / f"{output.component.name}.wasm",
                    output.component,
                    folder / "js",
                    project_name=self.metadata.name,
                    project_version=self.metadata.version,
                    stub_wasi=output.stub_wasi,
                    jco_command=config.jco,
                )

        placement.write_out_dir(outputs, out_dir, extra)
        self._say(f"out-dir: {', '.join(str(out_dir / o.component.name) for o in outputs)}")

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
