using System.Globalization;
using Aio.Tests.Support;

namespace Aio.Tests.Channels;

/// <summary>
/// Twin of <c>Twins/trio_memory_channels.py</c>: the same program on Aio's memory channels prints what
/// trio printed. trio's WouldBlock is Aio's false from TrySend/TryReceive.
/// </summary>
public class TrioChannelTwinTests
{
    private readonly List<string> _lines = new();
    private double _t0;

    private string T() => (Asyncio.GetRunningLoop().Time() - _t0).ToString("G6", CultureInfo.InvariantCulture);

    private static string Stats<T>(SendChannel<T> channel) => Format(channel.Statistics());

    private static string Stats<T>(ReceiveChannel<T> channel) => Format(channel.Statistics());

    private static string Format(ChannelStatistics s) =>
        $"buffer={s.CurrentBufferUsed}/{s.MaxBufferSize} senders={s.OpenSendChannels} receivers={s.OpenReceiveChannels} " +
        $"waiting_send={s.TasksWaitingSend} waiting_receive={s.TasksWaitingReceive}";

    [Fact]
    public void MemoryChannels_PrintWhatTrioPrints()
    {
        VirtualTime.Run(async () =>
        {
            foreach ((string name, Func<Coroutine> run) in new (string, Func<Coroutine>)[]
            {
                ("rendezvous", Rendezvous), ("buffered", Buffered), ("clones", Clones), ("errors", Errors), ("cancelled_waits", CancelledWaits),
            })
            {
                _t0 = Asyncio.GetRunningLoop().Time();
                _lines.Add($"-- {name}");
                await run();
            }
        });
        Twin.AssertSame("trio_memory_channels", _lines);
    }

    private async Coroutine Rendezvous()
    {
        var (send, receive) = Channel.Create<string>(0);
        await Asyncio.TaskGroup(async Coroutine (tg) =>
        {
            _ = tg.CreateTask(Sender());
            await Asyncio.Sleep(2);
            _lines.Add(Stats(send));
            string value = await receive.ReceiveAsync();
            await Asyncio.Sleep(0);
            _lines.Add($"received {value} t={T()}");
        });

        async Coroutine Sender()
        {
            _lines.Add($"sending t={T()}");
            await send.SendAsync("hello");
            _lines.Add($"sent t={T()}");
        }
    }

    private async Coroutine Buffered()
    {
        var (send, receive) = Channel.Create<int>(2);
        await send.SendAsync(1);
        Assert.True(send.TrySend(2));
        if (!send.TrySend(3))
        {
            _lines.Add("full: would block");
        }

        _lines.Add(Stats(send));
        Assert.True(receive.TryReceive(out int first));
        _lines.Add($"got {first} {await receive.ReceiveAsync()}");
        if (!receive.TryReceive(out _))
        {
            _lines.Add("empty: would block");
        }
    }

    private async Coroutine Clones()
    {
        var (send, receive) = Channel.Create<int>(0);
        var received = new List<int>();
        await Asyncio.TaskGroup(async Coroutine (tg) =>
        {
            _ = tg.CreateTask(Producer(send.Clone(), 0, 1));
            _ = tg.CreateTask(Producer(send.Clone(), 100, 1.25));
            await send.DisposeAsync();
            _lines.Add(Stats(receive));
            await foreach (int value in receive)
            {
                received.Add(value);
                _lines.Add($"value {value} t={T()}");
            }
        });
        _lines.Add($"loop ended: [{string.Join(", ", received.Order())}] {Stats(receive)}");
        try
        {
            await receive.ReceiveAsync();
        }
        catch (EndOfChannel)
        {
            _lines.Add("receive after the end: EndOfChannel");
        }

        static async Coroutine Producer(SendChannel<int> channel, int start, double delay)
        {
            await using (channel)
            {
                for (int i = 0; i < 3; i++)
                {
                    await Asyncio.Sleep(delay);
                    await channel.SendAsync(start + i);
                }
            }
        }
    }

    private async Coroutine Errors()
    {
        var (send, receive) = Channel.Create<int>(1);
        SendChannel<int> other = send.Clone();
        send.Close();
        try
        {
            await send.SendAsync(1);
        }
        catch (ClosedResourceError)
        {
            _lines.Add("send on a closed end: ClosedResourceError");
        }

        await other.SendAsync(7);
        await Asyncio.TaskGroup(async Coroutine (tg) =>
        {
            _ = tg.CreateTask(Blocked());
            await Asyncio.Sleep(1);
            receive.Close();
        });
        try
        {
            other.TrySend(2);
        }
        catch (BrokenResourceError)
        {
            _lines.Add("send with no receivers: BrokenResourceError");
        }

        _lines.Add(Stats(other));
        try
        {
            receive.TryReceive(out _);
        }
        catch (ClosedResourceError)
        {
            _lines.Add("receive on a closed end: ClosedResourceError");
        }

        async Coroutine Blocked()
        {
            try
            {
                await other.SendAsync(8);
            }
            catch (BrokenResourceError)
            {
                _lines.Add($"blocked send when the receivers closed: BrokenResourceError t={T()}");
            }
        }
    }

    private async Coroutine CancelledWaits()
    {
        var (send, receive) = Channel.Create<int>(0);
        CancelScope scope = await Asyncio.MoveOnAfter(1, async _ => await send.SendAsync(1));
        _lines.Add($"send cut by a scope: caught={Py(scope.CancelledCaught)} t={T()} {Stats(send)}");
        scope = await Asyncio.MoveOnAfter(1, async _ => await receive.ReceiveAsync());
        _lines.Add($"receive cut by a scope: caught={Py(scope.CancelledCaught)} t={T()} {Stats(send)}");
        if (!send.TrySend(2))
        {
            _lines.Add("nobody waits any more: would block");
        }

        var (bufferedSend, bufferedReceive) = Channel.Create<int>(1);
        bufferedSend.TrySend(5);
        scope = new CancelScope();
        await scope.RunAsync(async s =>
        {
            s.Cancel();
            await bufferedReceive.ReceiveAsync();
            _lines.Add("not reached");
        });
        _lines.Add($"receive in a cancelled scope raises even with a value there: caught={Py(scope.CancelledCaught)} {Stats(bufferedSend)}");
    }

    private static string Py(bool value) => value ? "True" : "False";
}
