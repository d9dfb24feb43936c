# trio's memory channels: rendezvous, buffering, clones, closing, errors, statistics, cancellation.
# Virtual time (MockClock autojump); times are printed relative to the start.
import trio
from trio.testing import MockClock

T0 = 0.0


def t():
    return f"{trio.current_time() - T0:g}"


def stats(ch):
    s = ch.statistics()
    return (f"buffer={s.current_buffer_used}/{s.max_buffer_size} senders={s.open_send_channels} "
            f"receivers={s.open_receive_channels} waiting_send={s.tasks_waiting_send} waiting_receive={s.tasks_waiting_receive}")


async def rendezvous():
    send, receive = trio.open_memory_channel(0)

    async def sender():
        print(f"sending t={t()}")
        await send.send("hello")
        print(f"sent t={t()}")

    async with trio.open_nursery() as nursery:
        nursery.start_soon(sender)
        await trio.sleep(2)
        print(stats(send))
        value = await receive.receive()
        await trio.sleep(0)
        print(f"received {value} t={t()}")


async def buffered():
    send, receive = trio.open_memory_channel(2)
    await send.send(1)
    send.send_nowait(2)
    try:
        send.send_nowait(3)
    except trio.WouldBlock:
        print("full: would block")
    print(stats(send))
    print(f"got {receive.receive_nowait()} {await receive.receive()}")
    try:
        receive.receive_nowait()
    except trio.WouldBlock:
        print("empty: would block")


async def clones():
    send, receive = trio.open_memory_channel(0)
    received = []

    async def producer(ch, start, delay):
        async with ch:
            for i in range(3):
                await trio.sleep(delay)
                await ch.send(start + i)

    async with trio.open_nursery() as nursery:
        nursery.start_soon(producer, send.clone(), 0, 1)
        nursery.start_soon(producer, send.clone(), 100, 1.25)
        await send.aclose()
        print(stats(receive))
        async for value in receive:
            received.append(value)
            print(f"value {value} t={t()}")
    print(f"loop ended: {sorted(received)} {stats(receive)}")
    try:
        await receive.receive()
    except trio.EndOfChannel:
        print("receive after the end: EndOfChannel")


async def errors():
    send, receive = trio.open_memory_channel(1)
    other = send.clone()
    await send.aclose()
    try:
        await send.send(1)
    except trio.ClosedResourceError:
        print("send on a closed end: ClosedResourceError")
    await other.send(7)

    async def blocked():
        try:
            await other.send(8)
        except trio.BrokenResourceError:
            print(f"blocked send when the receivers closed: BrokenResourceError t={t()}")

    async with trio.open_nursery() as nursery:
        nursery.start_soon(blocked)
        await trio.sleep(1)
        await receive.aclose()
    try:
        other.send_nowait(2)
    except trio.BrokenResourceError:
        print("send with no receivers: BrokenResourceError")
    print(stats(other))
    try:
        receive.receive_nowait()
    except trio.ClosedResourceError:
        print("receive on a closed end: ClosedResourceError")


async def cancelled_waits():
    send, receive = trio.open_memory_channel(0)
    with trio.move_on_after(1) as scope:
        await send.send(1)
    print(f"send cut by a scope: caught={scope.cancelled_caught} t={t()} {stats(send)}")
    with trio.move_on_after(1) as scope:
        await receive.receive()
    print(f"receive cut by a scope: caught={scope.cancelled_caught} t={t()} {stats(send)}")
    try:
        send.send_nowait(2)
    except trio.WouldBlock:
        print("nobody waits any more: would block")
    buffered_send, buffered_receive = trio.open_memory_channel(1)
    buffered_send.send_nowait(5)
    with trio.CancelScope() as scope:
        scope.cancel()
        await buffered_receive.receive()
        print("not reached")
    print(f"receive in a cancelled scope raises even with a value there: caught={scope.cancelled_caught} {stats(buffered_send)}")


async def main():
    global T0
    for case in (rendezvous, buffered, clones, errors, cancelled_waits):
        T0 = trio.current_time()
        print(f"-- {case.__name__}")
        await case()


trio.run(main, clock=MockClock(autojump_threshold=0))
