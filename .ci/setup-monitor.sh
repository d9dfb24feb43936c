#!/usr/bin/env bash
# Aio.Monitor's web page test (tests/Aio.Monitor.Tests/WebPageTests.cs) drives Debian's Chromium with
# Playwright for .NET. Playwright's driver (node and its package) ships inside the Microsoft.Playwright
# NuGet package and is copied to the test output's .playwright folder; no browser is ever downloaded:
# the test launches /usr/bin/chromium (AIO_CHROMIUM overrides it). This installs Chromium if missing.
# Idempotent; sourced by .ci/run (or by hand: `source .ci/setup-monitor.sh`). Without Chromium the
# test skips and says why.

if [ ! -x "${AIO_CHROMIUM:-/usr/bin/chromium}" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null \
            || echo "setup-monitor: apt-get install chromium failed; the web page test will skip" >&2
    else
        echo "setup-monitor: Chromium missing and not root; the web page test will skip" >&2
    fi
fi

# Playwright must never fetch browsers of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
