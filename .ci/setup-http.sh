#!/usr/bin/env bash
# Aio.Http's test peers (sourced by .ci/run, as root on Debian): curl and Python's aiohttp for the
# server interop tests, uvloop and wrk for bench/Aio.Bench http-compare. Idempotent: installs only
# what is missing, starts no server (the tests start their own on port 0). Sourced, so it defines
# and removes one function and leaves no variables behind; a failed install is reported, not fatal
# (the interop tests skip with a reason when a peer is absent).
aio_setup_http() {
    local need=()
    command -v curl >/dev/null 2>&1 || need+=(curl)
    command -v wrk >/dev/null 2>&1 || need+=(wrk)
    /usr/bin/python3 -c "import aiohttp" 2>/dev/null || need+=(python3-aiohttp)
    /usr/bin/python3 -c "import uvloop" 2>/dev/null || need+=(python3-uvloop)
    if [ ${#need[@]} -eq 0 ]; then
        return 0
    fi

    echo "setup-http: installing ${need[*]}"
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"; }; then
        echo "setup-http: could not install ${need[*]}; the tests that need them will skip" >&2
    fi
    return 0
}
aio_setup_http
unset -f aio_setup_http
