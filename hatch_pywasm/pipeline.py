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
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pywasm_runtime import manifest, model

from hatch_pywasm import bundle, frontend, placement, wit
from hatch_pywasm.backends import BackendError, BuildJob, selection
from hatch_pywasm.backends.componentize import command
from hatch_pywasm.backends.scheduler import build_components, job_key
from hatch_pywasm.cache import BuildCache, cache_key, default_root
from hatch_pywasm.config import BuildConfig, ComponentConfig, Project, Source, load_config
from hatch_pywasm.diagnostics import Diagnostic, DiagnosticError
from hatch_pywasm.entry_points import parse_entry_point
from hatch_pywasm.frontend.sources import SourceSet
from hatch_pywasm.placement import PlacementError

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
    pyproject = Path(project.root, "pyproject.toml")
    try:
        text = pyproject.read_text(encoding="utf-8")
    except OSError:
        text = ""  # only for the lines of errors; hatchling has read it
    source = Source(str(pyproject), table_name, text)
    return load_config(table, source=source, project_name=project.name, environ=os.environ)


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
        for package in placement.top_packages(modules):
            try:
                wasm_dirs[package] = placement.package_dir(package, roots) / placement.WASM_DIR
            except PlacementError as error:
                problems += error.diagnostics
    if problems:
        raise PlacementError(problems)
    return analysed, wasm_dirs


def choose(
    project: Project,
    analysed: list[Analysed],
    *,
    trial: bool,
    report: Report = _quiet,
    known: list[selection.Choice | None] | None = None,
) -> list[selection.Choice]:
    """Each component's backend, reported with the reason; one BackendError lists every
    component whose ``backend = "static"`` cannot be met. ``trial``: see ``selection.choose``;
    ``known``: per component, the choice made before for the same inputs (from a build's
    cache), or None."""
    chosen: list[selection.Choice] = []
    problems: list[Diagnostic] = []
    for item, choice in zip(analysed, known or [None] * len(analysed), strict=True):
        if choice is None:
            try:
                wanted, component = item.spec.backend, item.component
                choice = selection.choose(wanted, component, project.root, trial=trial)
            except BackendError as exc:
                problems += exc.diagnostics
                continue
        report(selection.describe(item.component.name, choice))
        chosen.append(choice)
    if problems:
        raise BackendError(problems)
    return chosen


def check(project: Project, config: BuildConfig) -> Checked:
    """Every stage short of building (the selection checks the subset without compiling);
    raises what a build would raise."""
    analysed, wasm_dirs = analyse(project, config)
    if config.out_dir:
        placement.check_out_dir(Path(project.root, config.out_dir))
    choices = choose(project, analysed, trial=False)
    return Checked(project, config, tuple(analysed), tuple(choices), wasm_dirs)


def plan_jobs(
    project: Project,
    config: BuildConfig,
    analysed: list[Analysed],
    backends: list[manifest.Backend],
    report: Report = _quiet,
) -> tuple[list[BuildJob], list[BuildJob]]:
    """Per component, a BuildJob of its library for the given backend (its WIT, sources and
    python path; for componentize-py also the rest of the project's packages and the
    dependency closure to bundle, ``bundle.guest_bundle``: its warnings reported, its errors
    one BackendError); and one for each WASI command."""
    roots = [r for r in source_roots(project) if r.is_dir()]
    python_path = (*(str(r) for r in roots), *bundle.environment_paths())
    sources = SourceSet(project.root, frontend.DEFAULT_SOURCE_ROOTS)
    closure = None
    libraries: list[BuildJob] = []
    problems: list[str] = []
    for item, backend in zip(analysed, backends, strict=True):
        modules = bundle.imported_modules(
            sources, [i.module for i in item.component.interfaces() if i.module]
        )
        extra = bundle.GuestBundle((), {}, (), ())
        if backend == "componentize":
            if closure is None:
                closure = bundle.dependency_closure(project.dependencies)
            extra = bundle.guest_bundle(sources, roots, modules, closure, config.exclude)
            for warning in extra.warnings:
                report(f"{item.component.name}: warning: {warning}")
            problems += [f"component {item.component.name!r}: {e}" for e in extra.errors]
        inputs = {**extra.project_files, **modules}
        environment: tuple[str, ...] = ()  # nothing of it goes into a static component
        if backend == "componentize":
            bundled = {m.split(".")[0] for m in extra.modules}
            environment = bundle.environment_fingerprint(
                bundle.external_imports(sources, inputs) | bundled
            )
        libraries.append(
            BuildJob(
                component=item.component,
                wit=item.wit,
                python_path=python_path,
                preload=tuple(modules),
                sources=tuple((name, str(path)) for name, path in sorted(inputs.items())),
                environment=environment,
                stub_wasi=config.stub_wasi,
                backend=backend,
                bundle=tuple(m for m in extra.modules if m not in modules),
            )
        )
    if problems:
        raise BackendError(problems)
    commands = []
    for item in analysed:
        if (entry := item.spec.command) is None:
            continue
        # componentize-py whatever the library's backend: a command needs stdin and stdout,
        # which the static compiler does not have.
        modules = bundle.imported_modules(sources, [parse_entry_point(entry)[0]])
        commands.append(
            BuildJob(
                component=item.component,
                wit=command.WIT,
                python_path=python_path,
                preload=tuple(modules),
                sources=tuple((name, str(path)) for name, path in modules.items()),
                environment=bundle.environment_fingerprint(
                    bundle.external_imports(sources, modules)
                ),
                command=entry,
            )
        )
    return libraries, commands


def open_cache(project: Project, config: BuildConfig) -> BuildCache:
    """The build cache, its folder made; an error naming the option when it cannot be."""
    root = Path(project.root, config.cache_dir) if config.cache_dir else default_root()
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        said = "option 'cache-dir'" if config.cache_dir else "the default build cache"
        fix = "" if config.cache_dir else " (set cache-dir to use another folder)"
        raise PlacementError(f"{said}: {root} cannot be a folder: {exc.strerror}{fix}") from None
    return BuildCache(root)


def _choice_key(job: BuildJob, wanted: str) -> str:
    """What a backend selection depends on: the wanted backend and what a static build reads."""
    return cache_key({"selection": wanted, "static-build": job_key(replace(job, backend="static"))})


def _remembered(cache: BuildCache, key: str | None) -> selection.Choice | None:
    found = None if key is None else cache.lookup(key)
    return None if found is None else selection.Choice.from_json(found.read_bytes())


def build(
    project: Project, config: BuildConfig, report: Report = _quiet
) -> tuple[Checked, list[placement.Output]]:
    """Every stage: the checked project and each component's output, in configuration order.

    The build cache is asked first, for the backend choice as for the component: a rebuild
    with unchanged inputs runs no backend, not even the static compiler's subset check."""
    analysed, wasm_dirs = analyse(project, config)
    if config.out_dir:
        placement.check_out_dir(Path(project.root, config.out_dir))
    cache = open_cache(project, config)
    # What a static build would read keys the choice: the static form of each job.
    drafts, _ = plan_jobs(project, config, analysed, ["static"] * len(analysed))
    # backend = "componentize" is chosen without looking at the sources: nothing to remember
    keys = [
        None if item.spec.backend == "componentize" else _choice_key(job, item.spec.backend)
        for item, job in zip(analysed, drafts, strict=True)
    ]
    known = [_remembered(cache, key) for key in keys]
    choices = choose(project, analysed, trial=True, report=report, known=known)
    for key, choice, before in zip(keys, choices, known, strict=True):
        if key is not None and before is None and choice.remember:
            cache.store_bytes(key, choice.to_json().encode("utf-8"))
    libraries, commands = plan_jobs(project, config, analysed, [c.backend for c in choices], report)
    jobs = [
        replace(job, static_wasm=choice.static_wasm)
        for job, choice in zip(libraries, choices, strict=True)
    ]
    built = build_components([*jobs, *commands], cache, config.jobs, report)
    command_files = {
        job.component.name: item.path
        for job, item in zip(commands, built[len(jobs) :], strict=True)
    }
    outputs = [
        placement.Output(
            job.component,
            item.path,
            job.wit,
            job.backend,
            config.stub_wasi,
            command_files.get(job.component.name),
            build_seconds=None if item.cached else item.seconds,
        )
        for job, item in zip(jobs, built, strict=False)  # the libraries: the first len(jobs)
    ]
    checked = Checked(project, config, tuple(analysed), tuple(choices), wasm_dirs)
    return checked, outputs
