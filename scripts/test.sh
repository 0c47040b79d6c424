#!/usr/bin/env bash
# The test command of the README: installs what the tests need on a fresh Debian machine, then runs them.
set -euo pipefail
cd "$(dirname "$0")/.."

# GRDB (the gateway's store) links the system SQLite.
if ! dpkg -s libsqlite3-dev >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq libsqlite3-dev
fi

swift build --build-tests
# SwiftNIO's strict mode turns work scheduled on an event loop that has shut down into a crash instead of a
# printed error, so a shutdown-order bug fails the run.
# The suite takes seconds; a run still going after 15 minutes hangs: it is stopped, and the end of its output
# shows what was running. `timeout` signals its whole process group (the test runner and any `feige gateway`
# a test started); whatever has not ended 30 s after SIGTERM gets SIGKILL, so nothing outlives the run.
LOG=.build/swift-test.log
status=0
SWIFTNIO_STRICT=1 timeout --kill-after=30 900 swift test --skip-build 2>&1 | tee "$LOG" || status=${PIPESTATUS[0]}
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
    echo "swift test hung and was stopped after 15 minutes; the last events:"
    grep -E "started|passed|failed" "$LOG" | tail -40
fi
[ "$status" -eq 0 ] || exit "$status"

# Interop with peers the project did not write (scripts/interop/README.md): a Python ISMG written from the
# fact sheet, checked by its own client and by PyPI's pycmpp, then `feige send` / `feige listen` against it.
VENV=.build/venv-interop
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import pycmpp" 2>/dev/null; then
    python3 -m venv "$VENV" && "$VENV/bin/pip" install -q "pycmpp==2.0.2" || echo "WARNING: could not install pycmpp from PyPI; its check is skipped"
fi
if "$VENV/bin/python" -c "import pycmpp" 2>/dev/null; then
    python3 scripts/interop/check_reference_ismg.py --pycmpp-python "$VENV/bin/python"
else
    python3 scripts/interop/check_reference_ismg.py
fi
bash scripts/interop/run-client-interop.sh .build/debug/feige
# And pycmpp against `feige gateway` itself.
if "$VENV/bin/python" -c "import pycmpp" 2>/dev/null; then
    bash scripts/interop/run-gateway-interop.sh "$VENV/bin/python" .build/debug/feige
fi
