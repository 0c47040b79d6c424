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
swift test --skip-build
