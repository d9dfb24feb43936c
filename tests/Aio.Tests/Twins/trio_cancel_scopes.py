# trio's cancel scopes: nesting, moved deadlines, level-triggered re-raise, shields, fail_after,
# checkpoints. Virtual time (MockClock autojump); times are printed relative to the start.
import trio
from trio.testing import MockClock

T0 = 0.0


def t():
    return f"{trio.current_time() - T0:g}"


async def nested_inner_first():
    with trio.move_on_after(10) as outer:
        with trio.move_on_after(1) as inner:
            await trio.sleep(5)
            print("inner not cut")
        print(f"after inner t={t()}")
        await trio.sleep(2)
        print(f"outer body done t={t()}")
    print(f"nested: inner caught={inner.cancelled_caught} outer caught={outer.cancelled_caught} outer called={outer.cancel_called}")


async def nested_outer_first():
    with trio.move_on_after(1) as outer:
        with trio.move_on_after(5) as inner:
            await trio.sleep(10)
        print("not reached")
    print(f"outer first: inner caught={inner.cancelled_caught} outer caught={outer.cancelled_caught} t={t()}")


async def moved_deadline():
    with trio.move_on_after(1) as scope:
        scope.deadline += 2
        await trio.sleep(2.5)
        print(f"moved later: still running t={t()}")
        await trio.sleep(10)
    print(f"moved later: caught={scope.cancelled_caught} t={t()}")
    with trio.move_on_after(10) as scope:
        await trio.sleep(1)
        scope.deadline = trio.current_time() + 0.5
        await trio.sleep(5)
    print(f"moved earlier: caught={scope.cancelled_caught} t={t()}")


async def swallowed():
    with trio.move_on_after(1) as scope:
        try:
            await trio.sleep(5)
        except trio.Cancelled:
            print("swallowed")
        try:
            await trio.sleep(0)
        except trio.Cancelled:
            print("raised again at sleep(0)")
        await trio.Event().wait()
        print("not reached")
    print(f"swallowed: caught={scope.cancelled_caught}")
    await trio.sleep(1)
    print("outside the scope: no cancellation left")


async def shielded_cleanup():
    async def worker(scope):
        with scope:
            try:
                await trio.sleep(10)
            finally:
                print(f"cleanup start t={t()}")
                with trio.CancelScope(shield=True):
                    await trio.sleep(2)
                    print(f"cleanup done t={t()}")
                try:
                    await trio.sleep(1)
                except trio.Cancelled:
                    print(f"after shield: cancelled t={t()}")
                    raise
        print(f"worker scope caught={scope.cancelled_caught} t={t()}")

    scope = trio.CancelScope()
    async with trio.open_nursery() as nursery:
        nursery.start_soon(worker, scope)
        await trio.sleep(1)
        scope.cancel()


async def explicit_cancel():
    early = trio.CancelScope()
    early.cancel()
    with early:
        await trio.sleep(1)
        print("not reached")
    print(f"cancelled before entering: caught={early.cancelled_caught} t={t()}")


async def fail_after():
    try:
        with trio.fail_after(1):
            await trio.sleep(2)
    except trio.TooSlowError:
        print(f"fail_after: timed out t={t()}")
    with trio.fail_after(5):
        await trio.sleep(1)
    print(f"fail_after: in time t={t()}")


async def checkpoint():
    with trio.CancelScope() as scope:
        scope.cancel()
        spins = 0
        try:
            while True:
                spins += 1
                await trio.lowlevel.checkpoint()
        finally:
            print(f"checkpoint: spins={spins}")
    print(f"checkpoint: caught={scope.cancelled_caught}")


async def main():
    global T0
    for case in (nested_inner_first, nested_outer_first, moved_deadline, swallowed, shielded_cleanup, explicit_cancel, fail_after, checkpoint):
        T0 = trio.current_time()
        print(f"-- {case.__name__}")
        await case()


trio.run(main, clock=MockClock(autojump_threshold=0))
