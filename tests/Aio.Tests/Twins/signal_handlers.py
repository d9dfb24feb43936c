# add_signal_handler / remove_signal_handler: the callback runs on the loop; bad signals are rejected.
import asyncio, os, signal
trace = []
async def main():
    loop = asyncio.get_running_loop()
    got = loop.create_future()
    loop.add_signal_handler(signal.SIGUSR1, lambda: got.set_result("SIGUSR1"))
    os.kill(os.getpid(), signal.SIGUSR1)
    trace.append(f"handler ran: {await got}")
    again = loop.create_future()
    loop.add_signal_handler(signal.SIGUSR1, lambda: again.set_result("replaced"))
    os.kill(os.getpid(), signal.SIGUSR1)
    trace.append(f"second handler: {await again}")
    trace.append(f"removed: {loop.remove_signal_handler(signal.SIGUSR1)}")
    trace.append(f"removed again: {loop.remove_signal_handler(signal.SIGUSR1)}")
    try:
        loop.add_signal_handler(signal.SIGKILL, lambda: None)
    except RuntimeError as e:
        trace.append(f"SIGKILL: {e}")
    try:
        loop.add_signal_handler(0, lambda: None)
    except ValueError as e:
        trace.append(f"signal 0: {e}")
asyncio.run(main())
print("\n".join(trace))
