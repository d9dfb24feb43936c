# call_soon runs callbacks FIFO; one iteration runs only what was ready when it began;
# timers with the same delay run in the order they were scheduled; cancelled handles do not run.
# (For call_at with an identical deadline CPython's heap order is unspecified; Aio keeps it FIFO.)
import asyncio
loop = asyncio.new_event_loop()
trace = []
def cb(name):
    trace.append(name)
    if name == "a":
        loop.call_soon(cb, "a-child")
loop.call_soon(cb, "a")
loop.call_soon(cb, "b")
h = loop.call_soon(cb, "cancelled")
h.cancel()
loop.call_soon(cb, "c")
for n in ("t1", "t2", "t3"):
    loop.call_later(1, cb, n)
th = loop.call_later(1, cb, "t-cancelled")
th.cancel()
loop.call_later(0.5, cb, "t0")
loop.call_later(2, loop.stop)
loop.run_forever()
print(" ".join(trace))
loop.close()
