"""The WIT package version of a project: semver, derived from its PEP 440 version."""

from __future__ import annotations

from packaging.version import InvalidVersion, Version

from hatch_pywasm.diagnostics import Diagnostic


def package_version(version: str) -> str:
    """A project's PEP 440 version as the semver a WIT package needs: ``1.0`` -> ``1.0.0``,
    ``1.0rc1`` -> ``1.0.0-rc1``, ``2.1.dev3`` -> ``2.1.0-dev3``, ``1.0+local`` -> ``1.0.0+local``.
    """
    parsed = Version(version)  # InvalidVersion: see wit_version
    release = [*parsed.release, 0, 0][:3]
    pre = [str(n) for n in parsed.release[3:]]
    pre += ["".join(map(str, parsed.pre))] if parsed.pre else []
    pre += [f"post{parsed.post}"] if parsed.post is not None else []
    pre += [f"dev{parsed.dev}"] if parsed.dev is not None else []
    text = ".".join(map(str, release))
    text += f"-{'.'.join(pre)}" if pre else ""
    return text + (f"+{parsed.local}" if parsed.local else "")


def wit_version(version: str, config_file: str) -> tuple[str, list[Diagnostic]]:
    """:func:`package_version`, or a diagnostic pointing at the project's configuration."""
    try:
        return package_version(version), []
    except InvalidVersion:
        hint = "a PEP 440 version such as 1.0 or 1.2.3rc1"
        return "0.0.0", [
            Diagnostic(config_file, 0, 0, f"project version {version!r} is not valid", hint=hint)
        ]
