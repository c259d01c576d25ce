"""Live check of k8slab.api.protobuf against the kubectl binaries on this machine.

Every command in protobuf_capture.COMMANDS runs with kubectl 1.31 (JSON body) and with 1.32
and 1.33 (protobuf bodies); each protobuf body must decode to the 1.31 JSON body. This is
what recorded the fixtures, run again; it needs no network, only the versioned binaries.
"""
import json
from concurrent.futures import ThreadPoolExecutor

import pytest

from k8slab.api.protobuf import decode
from tests.api.protobuf_capture import BIN_DIR, COMMANDS, PROTOBUF, capture, normalise

JSON_VERSION = "1.31"
PROTOBUF_VERSIONS = [v for v in ("1.32", "1.33") if (BIN_DIR / f"kubectl.{v}").exists()]
MISSING = [f"kubectl.{v}" for v in (JSON_VERSION, "1.32") if not (BIN_DIR / f"kubectl.{v}").exists()]

pytestmark = pytest.mark.skipif(
    bool(MISSING), reason=f"needs {' and '.join(MISSING)} in {BIN_DIR} (gcloud's kubectl bundle)")


@pytest.fixture(scope="module")
def bodies():
    """(version, command name) -> the last request body of that content type."""
    jobs = [(v, name) for v in [JSON_VERSION, *PROTOBUF_VERSIONS] for name in COMMANDS]

    def run(job):
        version, name = job
        proc, requests = capture(BIN_DIR / f"kubectl.{version}", COMMANDS[name])
        wanted = "application/json" if version == JSON_VERSION else PROTOBUF
        sent = [r["body"] for r in requests if r["content_type"].startswith(wanted)]
        return job, (sent[-1] if sent else None, proc)

    with ThreadPoolExecutor(max_workers=8) as pool:
        return dict(pool.map(run, jobs))


@pytest.mark.parametrize("version", PROTOBUF_VERSIONS)
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_live_protobuf_body_decodes_to_live_json_body(bodies, version, name):
    json_body, json_proc = bodies[JSON_VERSION, name]
    pb_body, pb_proc = bodies[version, name]
    assert json_body is not None, f"kubectl {JSON_VERSION} sent no JSON body: {json_proc.stderr}"
    assert pb_body is not None, f"kubectl {version} sent no protobuf body: {pb_proc.stderr}"
    assert pb_proc.returncode == 0, pb_proc.stderr  # the stub answered with decode()'s result
    assert normalise(name, decode(pb_body)) == normalise(name, json.loads(json_body))
