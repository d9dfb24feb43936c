# Ctrl+C during asyncio.run(): the main task is cancelled at its await, its finally blocks run, and
# asyncio.run() raises KeyboardInterrupt. Caught, the program goes on; uncaught, Python prints it and
# the process dies by SIGINT (a shell reports 130, and a shell loop stops).
#
# This file is both the program and its driver. Run plainly, it drives itself under CPython; the C#
# twin runs it with `--child COMMAND...` to drive Aio's equivalent (tests/Aio.SignalChild) instead.
# Mode "task" is the same program for Python; for Aio its main is a Task-returning delegate.
# The driver starts the child with SIGINT at its default (a background shell job would ignore it),
# waits for "ready", sends SIGINT, and prints what a user sees.
import asyncio
import signal
import subprocess
import sys


async def main():
    try:
        print("ready", flush=True)
        await asyncio.sleep(100)
    finally:
        print("cleanup", flush=True)


def child(mode):
    if mode == "catch":
        try:
            asyncio.run(main())
        except KeyboardInterrupt:
            print("caught KeyboardInterrupt")
    else:
        asyncio.run(main())
    print("main returned")


def drive(command, mode):
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    p = subprocess.Popen(command + [mode], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = p.stdout.readline()
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=30)
    print(f"== {mode}")
    for line in (first + out).splitlines():
        print(f"stdout: {line}")
    errors = err.splitlines()
    print(f"stderr ends: {errors[-1] if errors else '(nothing)'}")
    if p.returncode < 0:
        print(f"ended: killed by {signal.Signals(-p.returncode).name}")
    else:
        print(f"ended: exit status {p.returncode}")


if len(sys.argv) > 1 and sys.argv[1] == "--run":
    child(sys.argv[2])
else:
    command = sys.argv[2:] if len(sys.argv) > 1 and sys.argv[1] == "--child" else [sys.executable, __file__, "--run"]
    for mode in ("coroutine", "task", "catch"):
        drive(command, mode)
