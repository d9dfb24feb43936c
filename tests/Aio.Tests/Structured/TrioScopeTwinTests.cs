using System.Globalization;
using Aio.Tests.Support;

namespace Aio.Tests.Structured;

/// <summary>
/// Twin of <c>Twins/trio_cancel_scopes.py</c>: the same program on Aio's cancel scopes prints what trio
/// printed (trio's MockClock and Aio's virtual clock both jump to the next deadline).
/// </summary>
public class TrioScopeTwinTests
{
    private readonly List<string> _lines = new();
    private double _t0;

    private string T() => (Asyncio.GetRunningLoop().Time() - _t0).ToString(CultureInfo.InvariantCulture);

    private static string Py(bool value) => value ? "True" : "False";

    [Fact]
    public void CancelScopes_PrintWhatTrioPrints()
    {
        VirtualTime.Run(async () =>
        {
            foreach ((string name, Func<Coroutine> run) in new (string, Func<Coroutine>)[]
            {
                ("nested_inner_first", NestedInnerFirst), ("nested_outer_first", NestedOuterFirst), ("moved_deadline", MovedDeadline),
                ("swallowed", Swallowed), ("shielded_cleanup", ShieldedCleanup), ("explicit_cancel", ExplicitCancel),
                ("fail_after", FailAfter), ("checkpoint", Checkpoint),
            })
            {
                _t0 = Asyncio.GetRunningLoop().Time();
                _lines.Add($"-- {name}");
                await run();
            }
        });
        Twin.AssertSame("trio_cancel_scopes", _lines);
    }

    private async Coroutine NestedInnerFirst()
    {
        CancelScope? inner = null;
        CancelScope outer = await Asyncio.MoveOnAfter(10, async _ =>
        {
            inner = await Asyncio.MoveOnAfter(1, async _ =>
            {
                await Asyncio.Sleep(5);
                _lines.Add("inner not cut");
            });
            _lines.Add($"after inner t={T()}");
            await Asyncio.Sleep(2);
            _lines.Add($"outer body done t={T()}");
        });
        _lines.Add($"nested: inner caught={Py(inner!.CancelledCaught)} outer caught={Py(outer.CancelledCaught)} outer called={Py(outer.CancelCalled)}");
    }

    private async Coroutine NestedOuterFirst()
    {
        var inner = new CancelScope(Asyncio.GetRunningLoop().Time() + 5);
        CancelScope outer = await Asyncio.MoveOnAfter(1, async _ =>
        {
            await inner.RunAsync(async _ => await Asyncio.Sleep(10));
            _lines.Add("not reached");
        });
        _lines.Add($"outer first: inner caught={Py(inner.CancelledCaught)} outer caught={Py(outer.CancelledCaught)} t={T()}");
    }

    private async Coroutine MovedDeadline()
    {
        EventLoop loop = Asyncio.GetRunningLoop();
        CancelScope scope = await Asyncio.MoveOnAfter(1, async s =>
        {
            s.Deadline += 2;
            await Asyncio.Sleep(2.5);
            _lines.Add($"moved later: still running t={T()}");
            await Asyncio.Sleep(10);
        });
        _lines.Add($"moved later: caught={Py(scope.CancelledCaught)} t={T()}");
        scope = await Asyncio.MoveOnAfter(10, async s =>
        {
            await Asyncio.Sleep(1);
            s.Deadline = loop.Time() + 0.5;
            await Asyncio.Sleep(5);
        });
        _lines.Add($"moved earlier: caught={Py(scope.CancelledCaught)} t={T()}");
    }

    private async Coroutine Swallowed()
    {
        CancelScope scope = await Asyncio.MoveOnAfter(1, async _ =>
        {
            try
            {
                await Asyncio.Sleep(5);
            }
            catch (CancelledError)
            {
                _lines.Add("swallowed");
            }

            try
            {
                await Asyncio.Sleep(0);
            }
            catch (CancelledError)
            {
                _lines.Add("raised again at sleep(0)");
            }

            await new AioEvent().WaitAsync();
            _lines.Add("not reached");
        });
        _lines.Add($"swallowed: caught={Py(scope.CancelledCaught)}");
        await Asyncio.Sleep(1);
        _lines.Add("outside the scope: no cancellation left");
    }

    private async Coroutine ShieldedCleanup()
    {
        var scope = new CancelScope();
        await Asyncio.TaskGroup(async Coroutine (tg) =>
        {
            _ = tg.CreateTask(Worker(scope));
            await Asyncio.Sleep(1);
            scope.Cancel();
        });

        async Coroutine Worker(CancelScope scope)
        {
            await scope.RunAsync(async _ =>
            {
                try
                {
                    await Asyncio.Sleep(10);
                }
                finally
                {
                    _lines.Add($"cleanup start t={T()}");
                    await new CancelScope(shield: true).RunAsync(async _ =>
                    {
                        await Asyncio.Sleep(2);
                        _lines.Add($"cleanup done t={T()}");
                    });
                    try
                    {
                        await Asyncio.Sleep(1);
                    }
                    catch (CancelledError)
                    {
                        _lines.Add($"after shield: cancelled t={T()}");
                        throw;
                    }
                }
            });
            _lines.Add($"worker scope caught={Py(scope.CancelledCaught)} t={T()}");
        }
    }

    private async Coroutine ExplicitCancel()
    {
        var early = new CancelScope();
        early.Cancel();
        await early.RunAsync(async _ =>
        {
            await Asyncio.Sleep(1);
            _lines.Add("not reached");
        });
        _lines.Add($"cancelled before entering: caught={Py(early.CancelledCaught)} t={T()}");
    }

    private async Coroutine FailAfter()
    {
        try
        {
            await Asyncio.FailAfter(1, async _ => await Asyncio.Sleep(2));
        }
        catch (TimeoutException)
        {
            _lines.Add($"fail_after: timed out t={T()}");
        }

        await Asyncio.FailAfter(5, async _ => await Asyncio.Sleep(1));
        _lines.Add($"fail_after: in time t={T()}");
    }

    private async Coroutine Checkpoint()
    {
        var scope = new CancelScope();
        await scope.RunAsync(async s =>
        {
            s.Cancel();
            int spins = 0;
            try
            {
                while (true)
                {
                    spins++;
                    await Asyncio.Checkpoint();
                }
            }
            finally
            {
                _lines.Add($"checkpoint: spins={spins}");
            }
        });
        _lines.Add($"checkpoint: caught={Py(scope.CancelledCaught)}");
    }
}
