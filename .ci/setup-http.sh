#!/usr/bin/env bash
# Aio.Http's test peers (sourced by .ci/run, as root on Debian): curl and Python's aiohttp for the
# server interop tests, uvloop and wrk for bench/Aio.Bench http-compare. Idempotent.
need=()
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
/usr/bin/python3 -c "import aiohttp" 2>/dev/null || need+=(python3-aiohttp)
/usr/bin/python3 -c "import uvloop" 2>/dev/null || need+=(python3-uvloop)
if [ ${#need[@]} -gt 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi
