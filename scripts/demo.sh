#!/usr/bin/env bash
# The main job, end to end: installs everything, builds example_project with `hatch build` (an
# isolated build environment, as a user's would be), installs the wheel into a fresh virtual
# environment and calls its components from Python (example_project/demo.py).
#
# hatch-pywasm and pywasm-runtime are not on PyPI, so the isolated build finds them in a local
# wheelhouse built from this checkout (PIP_FIND_LINKS / UV_FIND_LINKS).
#
# Environment: PYWASM_NO_SETUP=1 skips the install step (the tests run this script that way);
# PYWASM_PROJECT (default: example_project) and PYWASM_WORK (default: a temporary folder) say
# which project to build and where the wheelhouse and the fresh environment go.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [ "${PYWASM_NO_SETUP:-}" != 1 ]; then
  # shellcheck source=scripts/setup.sh
  . "$repo/scripts/setup.sh" demo  # Python tools only: no Node, no Chromium
else
  # shellcheck disable=SC1091
  . "$repo/.venv/bin/activate"
fi
project=$(cd "${PYWASM_PROJECT:-$repo/example_project}" && pwd)
work=${PYWASM_WORK:-$(mktemp -d)}
mkdir -p "$work"

echo "== wheelhouse: hatch-pywasm and pywasm-runtime from this checkout"
bash "$repo/scripts/wheelhouse.sh" "$work/wheelhouse" >/dev/null
export PIP_FIND_LINKS="$work/wheelhouse" UV_FIND_LINKS="$work/wheelhouse"
# A hatch data folder of its own, so hatch's build environment takes this checkout's plugin.
export HATCH_DATA_DIR="$work/hatch-data"

echo "== hatch build (wheel) of $project"
(cd "$project" && hatch build -c -t wheel)  # -c: remove earlier artifacts first
wheel=$(ls "$project"/dist/*.whl)

echo "== install $(basename "$wheel") into a fresh environment"
uv venv --quiet "$work/venv"
uv pip install --quiet --python "$work/venv/bin/python" "$wheel"

echo "== call its components (demo.py)"
cd "$work"  # import the package from the installed wheel, not from the project's source
"$work/venv/bin/python" "$project/demo.py" "$project/dist/wasm"
