namespace Aio.Data.Tests;

/// <summary>The pool's timers on the virtual clock, with SQLite in memory (no server needed).</summary>
public class PoolTests
{
    [Fact]
    public void IdleConnection_IsClosedAfterMaxInactiveLifetime_AndReopenedLazily()
    {
        VirtualTime.Run(Main());

        static async Coroutine Main()
        {
            await using AioPool pool = await AioDb.CreatePoolAsync(":memory:", 0, 2, new PoolOptions { MaxInactiveConnectionLifetime = 60 });
            AioConnection first;
            await using (first = await pool.AcquireAsync())
            {
                Assert.Equal(1L, await first.FetchValAsync<long>("SELECT 1"));
            }

            Assert.Equal(1, pool.FreeSize);
            await Asyncio.Sleep(30);
            Assert.Equal(1, pool.FreeSize);
            await Asyncio.Sleep(31);
            Assert.Equal(0, pool.FreeSize);
            Assert.Equal(0, pool.Size);
            await using AioConnection second = await pool.AcquireAsync();
            Assert.NotSame(first, second);
            Assert.True(first.IsClosed);
        }
    }

    [Fact]
    public void AcquireTimeout_OnVirtualTime_FiresAtTheDeadline()
    {
        VirtualTime.Run(Main());

        static async Coroutine Main()
        {
            await using AioPool pool = await AioDb.CreatePoolAsync(":memory:", 1, 1, new PoolOptions { AcquireTimeout = 5 });
            await using AioConnection held = await pool.AcquireAsync();
            double start = Asyncio.GetRunningLoop().Time();
            await Assert.ThrowsAsync<TimeoutException>(async () => await pool.AcquireAsync());
            Assert.Equal(5, Asyncio.GetRunningLoop().Time() - start, 3);
        }
    }

    [Fact]
    public void Sizes_AreValidated()
    {
        Assert.Throws<ArgumentException>(() => Asyncio.Run(AioDb.CreatePoolAsync(":memory:", 5, 2)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Asyncio.Run(AioDb.CreatePoolAsync(":memory:", 0, 0)));
    }

    [Fact]
    public void ReleasingAForeignConnection_IsAnInterfaceError()
    {
        Asyncio.Run(Main());

        static async Coroutine Main()
        {
            await using AioPool pool = await AioDb.CreatePoolAsync(":memory:", 0, 1);
            await using AioConnection stranger = await AioDb.ConnectAsync(":memory:");
            await Assert.ThrowsAsync<InterfaceError>(async () => await pool.ReleaseAsync(stranger));
        }
    }
}
