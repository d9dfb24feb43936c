# Done callbacks are scheduled with call_soon, even when added to a future that is already done.
import asyncio
trace = []
async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    fut.add_done_callback(lambda f: trace.append(f"cb1 sees {f.result()}"))
    fut.set_result("x")
    trace.append("after set_result")
    fut.add_done_callback(lambda f: trace.append("cb2 on done future"))
    trace.append("after add on done")
    await asyncio.sleep(0)
    trace.append("after one iteration")
    f2 = loop.create_future()
    def cb(f): trace.append("removed cb ran")
    f2.add_done_callback(cb)
    f2.add_done_callback(cb)
    trace.append(f"removed {f2.remove_done_callback(cb)}")
    f2.cancel()
    await asyncio.sleep(0)
    trace.append(f"f2 cancelled={f2.cancelled()}")
asyncio.run(main())
print("\n".join(trace))
