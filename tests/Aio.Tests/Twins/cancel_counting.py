# cancel() counts requests, the task may catch and suppress CancelledError, uncancel() withdraws a request,
# and cancel messages reach the CancelledError.
import asyncio
trace = []
async def stubborn():
    for i in range(2):
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError as e:
            t = asyncio.current_task()
            trace.append(f"caught {e.args} cancelling={t.cancelling()}")
            trace.append(f"uncancel -> {t.uncancel()}")
    return "survived"
async def main():
    t = asyncio.create_task(stubborn())
    await asyncio.sleep(1)
    trace.append(f"cancel -> {t.cancel('first')}")
    trace.append(f"cancelling={t.cancelling()} cancelled={t.cancelled()}")
    await asyncio.sleep(1)
    t.cancel()
    t.cancel()
    trace.append(f"cancelling={t.cancelling()}")
    trace.append(f"result {await t}")
    trace.append(f"cancel after done -> {t.cancel()}")
asyncio.run(main())
print("\n".join(trace))
