"""The packages in a browser: headless Chromium loads a page that imports one, runs the calls of
a harness/*-calls.json file and writes the results into the DOM; they must equal Node's. Covers
the test component and example_project's store (with host imports and a resource)."""

from __future__ import annotations

import functools
import html
import json
import re
import subprocess
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from hatch_pywasm.js import NODE20_FLAG

HARNESS = Path(__file__).parent / "harness"
CHROMIUM = "/usr/bin/chromium"
RESULT = re.compile(r'<pre id="(results|error)">(.*?)</pre>', re.DOTALL)


class _Handler(SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",  # WebAssembly.compileStreaming insists on it
        ".js": "text/javascript",
        ".mjs": "text/javascript",
    }

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def served(tmp_path_factory, js_package, js_stub_package, example_js) -> Iterator[str]:
    """One site over http: the packages, node_modules with the shim, the harness."""
    site = tmp_path_factory.mktemp("site")
    links = {
        "harness": HARNESS,
        "node_modules": js_package.root / "node_modules",
        "jsglue": js_package.package_dir,
        "jsglue-stub": js_stub_package.package_dir,
        **example_js.packages,
    }
    for name, target in links.items():
        (site / name).symlink_to(target)
    handler = functools.partial(_Handler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def dump_dom(url: str, tmp_path: Path) -> str:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/setup_js.sh (apt-get install chromium)")
    command = [
        CHROMIUM,
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        # Without a budget --dump-dom snapshots right after the load event, before the page's
        # module has fetched and compiled the component (~19 MB); virtual time only advances
        # when the page is idle, so this waits for the work, not for 60 s.
        "--virtual-time-budget=60000",
        "--dump-dom",
        url,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, f"chromium failed:\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.mark.slow
@pytest.mark.parametrize(
    ("calls", "folder", "shim"),
    [("jsglue", "jsglue", "map"), ("jsglue", "jsglue-stub", "none"), ("store", "store", "map")],
)
def test_browser_gives_the_same_results_as_node(
    calls: str,
    folder: str,
    shim: str,
    served: str,
    js_package,
    js_stub_package,
    example_js,
    node: str,
    tmp_path: Path,
) -> None:
    query = f"pkg=/{folder}/&calls={calls}-calls.json&shim={shim}"
    dom = dump_dom(f"{served}/harness/page.html?{query}", tmp_path)
    found = RESULT.search(dom)
    assert found is not None, f"the page wrote no result:\n{dom[-3000:]}"
    kind, text = found.groups()
    assert kind == "results", html.unescape(text)
    in_browser = json.loads(html.unescape(text))

    packages = {"jsglue": js_package.package_dir, "jsglue-stub": js_stub_package.package_dir}
    package = {**packages, **example_js.packages}[folder]
    in_node = subprocess.run(
        [node, NODE20_FLAG, str(HARNESS / "run-calls.mjs"), str(HARNESS / f"{calls}-calls.json"),
         str(package)],
        capture_output=True, text=True, timeout=300, check=True,
    ).stdout  # fmt: skip
    assert in_browser == json.loads(in_node)
    assert len(in_browser) > 5 and any("error" in str(r) for r in in_browser)
