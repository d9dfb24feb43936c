"""A million waiting tasks (issue 12), in tasks_anchor.py's style: N tasks (default 1,000,000)
each sleep a random 0-10 s, then finish. Prints `name value`; higher is better except for memory
and lateness. On the virtual clock (asyncio only: uvloop's clock is in C) the loop's time() is a
counter that jumps to the next timer whenever the loop would block, as Aio's VirtualClock does.
usage: python3 scale_anchor.py [asyncio|uvloop] [real|virtual] [N]"""
import asyncio, random, sys, time

kind = sys.argv[1] if len(sys.argv) > 1 else "asyncio"
clock = sys.argv[2] if len(sys.argv) > 2 else "real"
N = int(sys.argv[3]) if len(sys.argv) > 3 else 1_000_000
SPAN = 10.0

def status_kib(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])

def new_loop():
    if kind == "uvloop":
        import uvloop
        if clock == "virtual":
            sys.exit("uvloop has no virtual clock")
        return uvloop.new_event_loop()
    loop = asyncio.SelectorEventLoop()
    if clock == "virtual":
        now = [0.0]
        select = loop._selector.select
        def virtual_select(timeout=None):
            events = select(0)
            if not events and timeout:
                now[0] += timeout  # jump to the next timer instead of waiting for it
            return events
        loop._selector.select = virtual_select
        loop.time = lambda: now[0]
    return loop

async def main():
    loop = asyncio.get_running_loop()
    rnd = random.Random(1)
    delays = [rnd.random() * SPAN for _ in range(N)]
    done = asyncio.Event()
    state = [0, 0.0, 0.0]  # finished, summed lateness (loop seconds), last deadline

    async def sleeper(d):
        deadline = loop.time() + d
        if deadline > state[2]:
            state[2] = deadline
        await asyncio.sleep(d)
        state[1] += loop.time() - deadline
        state[0] += 1
        if state[0] == N:
            done.set()

    rss_before = status_kib("VmRSS")
    t0 = time.perf_counter()
    for d in delays:
        loop.create_task(sleeper(d))
    await asyncio.sleep(0)  # every task has run its first step and is waiting on its timer
    t1 = time.perf_counter()
    rss_spawned = status_kib("VmRSS")
    await done.wait()
    t2 = time.perf_counter()
    print(f"peak_rss_mib {status_kib('VmHWM') / 1024:.1f}")
    print(f"bytes_per_waiting_task {(rss_spawned - rss_before) * 1024 / N:.0f}")
    print(f"spawn_tasks_per_s {N / (t1 - t0):.0f}")
    if clock == "virtual":
        print(f"wakeups_per_s {N / (t2 - t1):.0f}")
    else:
        # a loop that keeps up ends 10 s after the last spawn whatever its speed: lateness is the figure
        print(f"mean_lateness_ms {state[1] / N * 1000:.2f}")
        print(f"last_wakeup_late_ms {(loop.time() - state[2]) * 1000:.2f}")
    print(f"total_s {t2 - t0:.2f}")

loop = new_loop()
asyncio.set_event_loop(loop)
loop.run_until_complete(main())
