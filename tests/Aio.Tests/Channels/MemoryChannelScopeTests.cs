namespace Aio.Tests.Channels;

/// <summary>
/// The cancel-scope behaviours of the <c>Twins/trio_memory_channels</c> transcript ("cancelled_waits";
/// the twin itself is <see cref="TrioChannelTwinTests.MemoryChannels_PrintWhatTrioPrints"/>), one per
/// test; the other sections have theirs in <see cref="MemoryChannelTests"/>.
/// </summary>
public class MemoryChannelScopeTests
{
    [Fact]
    public void BlockedSend_CutByAScopeDeadline_IsCaughtByTheScope_AndLeavesNoWaitingSender() => VirtualTime.Run(async () =>
    {
        var (send, receive) = Channel.Create<int>(0);
        CancelScope scope = await Asyncio.MoveOnAfter(1, async _ => await send.SendAsync(1));

        Assert.True(scope.CancelledCaught);
        Assert.Equal(1, Asyncio.GetRunningLoop().Time());
        Assert.Equal(new ChannelStatistics(0, 0, 1, 1, 0, 0), send.Statistics());
        Assert.False(receive.TryReceive(out _)); // the value was not sent
    });

    [Fact]
    public void BlockedReceive_CutByAScopeDeadline_LeavesNoWaitingReceiver() => VirtualTime.Run(async () =>
    {
        var (send, receive) = Channel.Create<int>(0);
        CancelScope scope = await Asyncio.MoveOnAfter(1, async _ => await receive.ReceiveAsync());

        Assert.True(scope.CancelledCaught);
        Assert.Equal(0, receive.Statistics().TasksWaitingReceive);
        Assert.False(send.TrySend(2)); // trio: WouldBlock, nobody waits any more
    });

    [Fact]
    public void Receive_InAnAlreadyCancelledScope_RaisesEvenWithAValueBuffered_AndTakesNothing() => VirtualTime.Run(async () =>
    {
        // trio: receive() is a checkpoint, so it raises in a cancelled scope although it need not wait.
        var (send, receive) = Channel.Create<int>(1);
        Assert.True(send.TrySend(5));
        bool reached = false;
        var scope = new CancelScope();
        await scope.RunAsync(async s =>
        {
            s.Cancel();
            await receive.ReceiveAsync();
            reached = true;
        });

        Assert.False(reached);
        Assert.True(scope.CancelledCaught);
        Assert.Equal(1, send.Statistics().CurrentBufferUsed);
        Assert.True(receive.TryReceive(out int value));
        Assert.Equal(5, value);
    });
}
