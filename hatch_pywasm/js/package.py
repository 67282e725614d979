"""Writes a ready-to-publish npm package for one component: jco's glue plus package.json, the
entry module, types and a README. Written into a temporary folder beside ``dest`` and renamed
into place, so ``dest`` is either the previous complete package or the new complete one."""

from __future__ import annotations

import json
import re
import string
from pathlib import Path
from typing import Any

from packaging.version import InvalidVersion, Version
from pywasm_runtime import model

from hatch_pywasm import staging
from hatch_pywasm.diagnostics import PyWasmError
from hatch_pywasm.js import jco as jco_tool
from hatch_pywasm.js import sources

#: Node 20 runs componentize-py's output only with this flag (Node 22+ and browsers need none).
NODE20_FLAG = "--experimental-wasm-extended-const"


def npm_name(project_name: str, component_name: str) -> str:
    """``<project>-<component>`` (just ``<project>`` when they are the same), in npm's
    spelling: lowercase, runs of other characters turned into one dash."""
    words = [
        re.sub(r"[^a-z0-9]+", "-", n.lower()).strip("-") for n in (project_name, component_name)
    ]
    return words[0] if words[0] == words[1] else f"{words[0]}-{words[1]}"


class NpmVersionError(PyWasmError, ValueError):
    """A project version npm (semver) cannot spell: the project's to fix."""


def npm_version(project_version: str) -> str:
    """A PEP 440 version as semver, keeping the order of releases, pre- and post-releases:
    ``1.2`` -> ``1.2.0``, ``1.0rc1`` -> ``1.0.0-rc.1``, ``1.0.dev3`` -> ``1.0.0-dev.3``,
    ``1.0+local`` -> ``1.0.0+local``; a post-release comes after its release and before the
    next patch: ``1.0.post2`` -> ``1.0.1-post.2``. NpmVersionError (a ValueError) for what
    semver cannot say (epochs, four-part releases)."""
    try:
        version = Version(project_version)
    except InvalidVersion as error:
        raise NpmVersionError(
            f"project version {project_version!r} is not a PEP 440 version: {error}"
        ) from error
    if version.epoch or len(version.release) > 3:
        raise NpmVersionError(
            f"project version {project_version!r} has no npm (semver) spelling: expected at"
            " most three release numbers and no epoch"
        )
    major, minor, patch = (*version.release, 0, 0)[:3]
    tags = []
    if version.pre is not None:
        letter, number = version.pre
        tags.append(f"{ {'a': 'alpha', 'b': 'beta', 'rc': 'rc'}[letter] }.{number}")
    if version.post is not None:
        if version.pre is None:
            patch += 1  # 1.0.post2 sorts after 1.0.0 but before 1.0.1
        tags.append(f"post.{version.post}")
    if version.dev is not None:
        tags.append(f"dev.{version.dev}")
    prerelease = f"-{'.'.join(tags)}" if tags else ""
    local = f"+{version.local}" if version.local else ""
    return f"{major}.{minor}.{patch}{prerelease}{local}"


def package_json(
    component: model.Component,
    *,
    project_name: str,
    project_version: str,
    stub_wasi: bool,
    files: list[str],
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": npm_name(project_name, component.name),
        "version": npm_version(project_version),
        "description": (
            f"The {component.name} component of {project_name} (Python compiled to a"
            " WebAssembly component by hatch-pywasm), as an ES module."
        ),
        "type": "module",
        "main": "./index.js",
        "types": "./index.d.ts",
        "exports": {
            ".": {"types": "./index.d.ts", "default": "./index.js"},
            "./package.json": "./package.json",
        },
        "files": sorted(files),
        "engines": {"node": ">=20"},
        "sideEffects": True,  # importing instantiates the component
    }
    if not stub_wasi:
        data["dependencies"] = {"@bytecodealliance/preview2-shim": jco_tool.PREVIEW2_SHIM_VERSION}
    if "-" in data["version"].partition("+")[0]:
        # npm publishes a pre-release only under a tag other than "latest" (it refuses one
        # without --tag): "next", so `npm publish` works as it is and `latest` stays a release.
        data["publishConfig"] = {"tag": "next"}
    return data


#: The WASI shim's modules the glue imports; a browser import map must list each one.
SHIM_MODULES = ("cli", "clocks", "filesystem", "io", "random", "sockets")


def _example_call(interface: model.Interface) -> str:
    name = sources.interface_js_name(interface)
    for function in interface.functions:
        args = ", ".join(sources.js_name(p.name) for p in function.params)
        return f"console.log({name}.{sources.js_name(function.name)}({args}));"
    return f"console.log(Object.keys({name}));"


def _imports_section(component: model.Component, package_name: str) -> str:
    if not component.imports:
        return ""
    stand_ins = ", ".join(
        f"{sources.interface_js_name(i)}: {{ "
        + ", ".join(f"{sources.js_name(f.name)}(...) {{ ... }}" for f in i.functions)
        + " }"
        for i in component.imports
    )
    return (
        "\nThe component calls functions the host provides; supply them before calling an"
        " export that uses them:\n\n"
        f"```js\nimport {{ provideImports }} from '{package_name}';\n\n"
        f"provideImports({{ {stand_ins} }});\n```\n\n"
        "Whatever a host function throws is raised inside the component as a Python exception"
        " named `js.<error name>` (guest code may catch it); uncaught, it comes back as a"
        " `GuestError` of that type name. The instance stays usable.\n"
    )


def _browser_section(stub_wasi: bool) -> str:
    if stub_wasi:
        return (
            "This build has no WASI imports (`stub-wasi`): it loads in a browser as is, from any"
            " static server that sends `.wasm` as `application/wasm`."
        )
    mapping = ",\n".join(
        f'  "@bytecodealliance/preview2-shim/{n}":'
        f' "./node_modules/@bytecodealliance/preview2-shim/dist/browser/{n}.js"'
        for n in SHIM_MODULES
    )
    return (
        "Serve the package and `@bytecodealliance/preview2-shim` (`.wasm` as `application/wasm`)"
        " and list each of the shim's modules in an import map (their names have no `.js`"
        " suffix, so one prefix mapping does not do):\n\n"
        f'```html\n<script type="importmap">\n{{"imports": {{\n{mapping}\n}}}}\n</script>\n```'
    )


def readme(component: model.Component, package: dict[str, Any], *, stub_wasi: bool) -> str:
    template = sources.static_text("README.template.md")
    return string.Template(template).substitute(
        name=package["name"],
        description=package["description"],
        interfaces=", ".join(sources.interface_js_name(i) for i in component.exports),
        first_interface=sources.interface_js_name(component.exports[0]),
        example_call=_example_call(component.exports[0]),
        imports_section=_imports_section(component, package["name"]),
        node20_flag=NODE20_FLAG,
        browser_section=_browser_section(stub_wasi),
        jco_version=jco_tool.JCO_VERSION,
    )


def _check_glue(root: Path, component: model.Component) -> None:
    """The names the entry module relies on must be what jco produced (it names things by its
    own rules; a mismatch would otherwise surface only when a user imports the package)."""
    glue = root / sources.GLUE_DIR
    wanted = [f"{sources.GLUE_NAME}.js", f"{sources.GLUE_NAME}.d.ts"]
    wanted += [
        sources.interface_types_module(component, i).removeprefix(f"{sources.GLUE_DIR}/")[:-3]
        + ".d.ts"
        for i in component.imports
    ]
    missing = [name for name in wanted if not (glue / name).is_file()]
    exported = (
        (glue / f"{sources.GLUE_NAME}.d.ts").read_text(encoding="utf-8") if not missing else ""
    )
    missing += [
        f"export {name}"
        for name in map(sources.interface_js_name, component.exports)
        if f" as {name} from " not in exported
    ]
    if missing:
        raise jco_tool.JcoError(
            f"jco's output for component {component.name!r} lacks {', '.join(missing)}:"
            " the component does not match its interface model"
        )


def write_js_package(
    component_file: Path,
    component: model.Component,
    dest: Path,
    *,
    project_name: str,
    project_version: str,
    stub_wasi: bool,
    jco_command: str | None,
) -> Path:
    """Transpiles ``component_file`` and writes the npm package for ``component`` at ``dest``
    (replacing a previous one whole). Returns ``dest``. Raises :class:`JcoError` when jco is
    missing or fails, ``ValueError`` for a project version npm cannot express."""
    own_files = sources.own_files(component)
    package = package_json(
        component,
        project_name=project_name,
        project_version=project_version,
        stub_wasi=stub_wasi,
        files=[*own_files, f"{sources.GLUE_DIR}/"],
    )
    jco = jco_tool.find_jco(jco_command)

    def fill(folder: Path) -> None:
        jco_tool.transpile(
            jco,
            component_file,
            folder / sources.GLUE_DIR,
            name=sources.GLUE_NAME,
            import_map=sources.import_map(component),
        )
        _check_glue(folder, component)
        for name, text in own_files.items():
            (folder / name).write_text(text, encoding="utf-8")
        (folder / "package.json").write_text(json.dumps(package, indent=2) + "\n", "utf-8")
        (folder / "README.md").write_text(readme(component, package, stub_wasi=stub_wasi), "utf-8")

    staging.write_dirs({dest: fill})
    return dest
