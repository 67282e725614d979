"""The build, stage by stage, as plain records: the one path both the hook and the CLI take, so
``python -m hatch_pywasm check`` reports exactly the problems a build would.

    hook table --configure--> BuildConfig
      --analyse--> Analysed per component (interface model + WIT validated by wasm-tools),
                   and the packages whose ``__wasm__/`` will list them
      --choose--> selection.Choice per component (the subset check; a build also compiles)
      --plan_jobs--> BuildJob per component (everything a backend reads, as plain data)
      --build_components--> placement.Output per component (from the build cache, else built)

:func:`check` runs every stage short of compiling; :func:`build` runs them all. Placing the
outputs (wheel, editable source tree, out-dir, JS) is :mod:`hatch_pywasm.placement`'s job.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pywasm_runtime import model

from hatch_pywasm import bundle, frontend, placement, wit
from hatch_pywasm.backends import BackendError, BuildJob, selection
from hatch_pywasm.backends.componentize import command
from hatch_pywasm.backends.scheduler import build_components
from hatch_pywasm.cache import BuildCache, default_root
from hatch_pywasm.config import BuildConfig, ComponentConfig, Project, load_config
from hatch_pywasm.diagnostics import Diagnostic, DiagnosticError
from hatch_pywasm.entry_points import parse_entry_point
from hatch_pywasm.frontend.sources import SourceSet

Report = Callable[[str], None]


def _quiet(message: str) -> None:
    """The report of a run that logs nothing (the CLI)."""


@dataclass(frozen=True)
class Analysed:
    """One component past the frontend: its configuration, interface model and WIT (valid)."""

    spec: ComponentConfig
    component: model.Component
    wit: str


@dataclass(frozen=True)
class Checked:
    """A project every stage short of compiling accepted: what ``check`` reports on, and what
    a build compiles."""

    project: Project
    config: BuildConfig
    components: tuple[Analysed, ...]
    choices: tuple[selection.Choice, ...]  # one per component, in the same order
    wasm_dirs: dict[str, Path]  # top-level package -> its __wasm__ folder in the source tree


def source_roots(project: Project) -> list[Path]:
    return [Path(project.root, r) for r in frontend.DEFAULT_SOURCE_ROOTS]


def configure(project: Project, table_name: str, table: Mapping[str, Any]) -> BuildConfig:
    """The validated hook table (``table_name`` is where it is in pyproject.toml)."""
    where = f"{Path(project.root, 'pyproject.toml')} [{table_name}]"
    return load_config(table, where=where, project_name=project.name)


def analyse(project: Project, config: BuildConfig) -> tuple[list[Analysed], dict[str, Path]]:
    """Every component's model and validated WIT, and (when the wheel ships components) the
    ``__wasm__`` folder of each top-level package; one DiagnosticError lists every problem."""
    components = frontend.analyze_components(
        project.root,
        config.components,
        namespace=config.namespace,
        package=config.package,
        version=project.version,
    )
    analysed, problems = [], []
    for spec, component in zip(config.components, components, strict=True):
        text = wit.render(component)
        try:
            wit.validate(text)
        except wit.WitError as error:  # a frontend bug or a WIT limit the frontend missed
            message = f"generated WIT of component {component.name!r} is invalid: {error}"
            problems.append(Diagnostic(frontend.CONFIG_FILE, 0, 0, message))
        analysed.append(Analysed(spec, component, text))
    if problems:
        raise DiagnosticError(problems)
    wasm_dirs = {}
    if config.wheel != "none":
        roots = source_roots(project)
        modules = [m for c in config.components for m in c.modules]
        wasm_dirs = {
            p: placement.package_dir(p, roots) / placement.WASM_DIR
            for p in placement.top_packages(modules)
        }
    return analysed, wasm_dirs


def choose(
    project: Project, analysed: list[Analysed], *, trial: bool, report: Report = _quiet
) -> list[selection.Choice]:
    """Each component's backend, reported with the reason; one BackendError lists every
    component whose ``backend = "static"`` cannot be met. ``trial``: see ``selection.choose``."""
    chosen, problems = [], []
    for item in analysed:
        try:
            choice = selection.choose(item.spec.backend, item.component, project.root, trial=trial)
        except BackendError as exc:
            problems.append(str(exc))
            continue
        report(selection.describe(item.component.name, choice))
        chosen.append(choice)
    if problems:
        raise BackendError("\n".join(problems))
    return chosen


def check(
    project: Project, config: BuildConfig, *, trial: bool = False, report: Report = _quiet
) -> Checked:
    """Every stage short of building; raises the error a build would raise first."""
    analysed, wasm_dirs = analyse(project, config)
    choices = choose(project, analysed, trial=trial, report=report)
    return Checked(project, config, tuple(analysed), tuple(choices), wasm_dirs)


def plan_jobs(checked: Checked, report: Report = _quiet) -> list[BuildJob]:
    """One BuildJob per component: its WIT, sources, python path and chosen backend, and one
    more for each component's WASI command; for componentize-py, also the rest of the
    project's packages and the dependency closure to bundle (``bundle.guest_bundle``: its
    warnings reported, its errors one BackendError)."""
    roots = [r for r in source_roots(checked.project) if r.is_dir()]
    python_path = (*(str(r) for r in roots), *bundle.environment_paths())
    sources = SourceSet(checked.project.root, frontend.DEFAULT_SOURCE_ROOTS)
    closure = bundle.dependency_closure(checked.project.dependencies)
    jobs, problems = [], []
    for item, choice in zip(checked.components, checked.choices, strict=True):
        modules = bundle.imported_modules(
            sources, [i.module for i in item.component.interfaces() if i.module]
        )
        extra = bundle.GuestBundle((), {}, (), ())
        if choice.backend == "componentize":
            extra = bundle.guest_bundle(sources, roots, modules, closure, checked.config.exclude)
            for warning in extra.warnings:
                report(f"{item.component.name}: warning: {warning}")
            problems += [f"component {item.component.name!r}: {e}" for e in extra.errors]
        inputs = {**extra.project_files, **modules}
        bundled = bundle.external_imports(sources, inputs) | {
            m.split(".")[0] for m in extra.modules
        }
        environment = bundle.environment_fingerprint(bundled)
        jobs.append(
            BuildJob(
                component=item.component,
                wit=item.wit,
                python_path=python_path,
                preload=tuple(modules),
                sources=tuple((name, str(path)) for name, path in sorted(inputs.items())),
                environment=environment,
                stub_wasi=checked.config.stub_wasi,
                backend=choice.backend,
                static_wasm=choice.static_wasm,
                bundle=tuple(m for m in extra.modules if m not in modules),
            )
        )
        entry = item.spec.command
        if entry is not None:
            # componentize-py whatever the library's backend: a command needs stdin and stdout,
            # which the static compiler does not have.
            command_modules = bundle.imported_modules(sources, [parse_entry_point(entry)[0]])
            environment = bundle.environment_fingerprint(
                bundle.external_imports(sources, command_modules)
            )
            jobs.append(
                BuildJob(
                    component=item.component,
                    wit=command.WIT,
                    python_path=python_path,
                    preload=tuple(command_modules),
                    sources=tuple((name, str(path)) for name, path in command_modules.items()),
                    environment=environment,
                    command=entry,
                )
            )
    if problems:
        raise BackendError("\n".join(problems))
    return jobs


#: Environment variables for the path options; like pip's and uv's own, a variable set for
#: a run wins over the project's setting (CI puts the cache where it keeps caches).
CACHE_DIR_ENV = "HATCH_PYWASM_CACHE_DIR"
OUT_DIR_ENV = "HATCH_PYWASM_OUT_DIR"


def cache_root(project: Project, config: BuildConfig) -> Path:
    """$HATCH_PYWASM_CACHE_DIR, else ``cache-dir`` (relative to the project), else the user
    cache (``$XDG_CACHE_HOME/hatch-pywasm``)."""
    configured = os.environ.get(CACHE_DIR_ENV)
    if configured:
        return Path(configured).absolute()
    return Path(project.root, config.cache_dir) if config.cache_dir else default_root()


def out_dir(project: Project, config: BuildConfig) -> Path | None:
    """$HATCH_PYWASM_OUT_DIR (relative to the current folder), else ``out-dir`` (relative to
    the project); None when neither is set."""
    configured = os.environ.get(OUT_DIR_ENV)
    if configured:
        return Path(configured).absolute()
    return Path(project.root, config.out_dir) if config.out_dir else None


def build(
    project: Project, config: BuildConfig, report: Report = _quiet
) -> tuple[Checked, list[placement.Output]]:
    """Every stage: the checked project and each component's output, in configuration order."""
    checked = check(project, config, trial=True, report=report)
    jobs = plan_jobs(checked, report)
    cache = BuildCache(cache_root(project, config))
    built = build_components(jobs, cache, config.jobs, report)
    commands = {
        job.component.name: item.path
        for job, item in zip(jobs, built, strict=True)
        if job.command is not None
    }
    outputs = [
        placement.Output(
            job.component,
            item.path,
            job.wit,
            job.backend,
            config.stub_wasi,
            commands.get(job.component.name),
            build_seconds=None if item.cached else item.seconds,
        )
        for job, item in zip(jobs, built, strict=True)
        if job.command is None
    ]
    return checked, outputs
