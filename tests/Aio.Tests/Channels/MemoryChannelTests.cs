using Aio.Tests.Support;

namespace Aio.Tests.Channels;

/// <summary>trio's memory channels on Aio (issue 11), on the virtual clock.</summary>
public class MemoryChannelTests
{
    [Fact]
    public void Rendezvous_SendBlocksUntilAReceiverTakesTheValue()
    {
        var log = new List<string>();
        VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            var (send, receive) = Channel.Create<string>(0);
            Assert.False(send.TrySend("nobody listening"));
            AioTask sender = Asyncio.CreateTask(Send(send, loop, log));
            await Asyncio.Sleep(2);
            log.Add($"waiting senders={receive.Statistics().TasksWaitingSend}");
            string value = await receive.ReceiveAsync();
            log.Add($"received {value} t={loop.Time()}");
            await sender;
        });
        Assert.Equal(["sending t=0", "waiting senders=1", "received hello t=2", "sent t=2"], log);

        static async Coroutine Send(SendChannel<string> send, EventLoop loop, List<string> log)
        {
            log.Add($"sending t={loop.Time()}");
            await send.SendAsync("hello");
            log.Add($"sent t={loop.Time()}");
        }
    }

    [Fact]
    public void Buffered_SendsWithoutWaitingUntilFull_AndReceiveRefillsFromABlockedSender()
    {
        VirtualTime.Run(async () =>
        {
            var (send, receive) = Channel.Create<int>(2);
            await send.SendAsync(1);
            Assert.True(send.TrySend(2));
            Assert.False(send.TrySend(3));
            AioTask blocked = Asyncio.CreateTask(send.SendAsync(3));
            await Asyncio.Sleep(0);
            Assert.Equal(new ChannelStatistics(2, 2, 1, 1, 1, 0), send.Statistics());
            Assert.Equal(1, await receive.ReceiveAsync());
            await Asyncio.Sleep(0);
            Assert.True(blocked.IsDone); // its value moved into the buffer
            Assert.True(receive.TryReceive(out int two));
            Assert.Equal(2, two);
            Assert.Equal(3, await receive.ReceiveAsync());
            Assert.False(receive.TryReceive(out _));
        });
    }

    [Fact]
    public void Clones_KeepTheChannelOpenUntilTheLastCloses_AndAwaitForeachEndsThen()
    {
        var received = new List<int>();
        VirtualTime.Run(async () =>
        {
            var (send, receive) = Channel.Create<int>(0);
            await Asyncio.TaskGroup(async Coroutine (tg) =>
            {
                _ = tg.CreateTask(Producer(send.Clone(), 0, 1));
                _ = tg.CreateTask(Producer(send.Clone(), 100, 3));
                send.Close(); // the clones keep the channel open
                await foreach (int value in receive)
                {
                    received.Add(value);
                }

                Assert.Equal(0, receive.Statistics().OpenSendChannels);
            });
            await Assert.ThrowsAsync<EndOfChannel>(async () => await receive.ReceiveAsync());
        });
        Assert.Equal([0, 1, 2, 3, 4, 100, 101, 102, 103, 104], received.Order());

        static async Coroutine Producer(SendChannel<int> send, int start, double delay)
        {
            using (send)
            {
                for (int i = 0; i < 5; i++)
                {
                    await Asyncio.Sleep(delay);
                    await send.SendAsync(start + i);
                }
            }
        }
    }

    [Fact]
    public void ClosedAndBrokenEnds_RaiseClearErrors()
    {
        VirtualTime.Run(async () =>
        {
            var (send, receive) = Channel.Create<int>(1);
            SendChannel<int> other = send.Clone();
            send.Close();
            send.Close(); // idempotent
            Assert.Throws<ClosedResourceError>(() => send.TrySend(1));
            await Assert.ThrowsAsync<ClosedResourceError>(async () => await send.SendAsync(1));
            Assert.Throws<ClosedResourceError>(() => send.Clone());
            await other.SendAsync(7);
            AioTask<int> pending = Asyncio.CreateTask(BlockedSend(other));
            await Asyncio.Sleep(0);
            receive.Close(); // the last receiver: the blocked sender learns at once, buffered values are dropped
            var broken = await Assert.ThrowsAsync<BrokenResourceError>(async () => await pending);
            Assert.Contains("not sent", broken.Message, StringComparison.Ordinal);
            Assert.Throws<BrokenResourceError>(() => other.TrySend(2));
            Assert.Throws<ClosedResourceError>(() => receive.TryReceive(out _));
            Assert.Equal(0, other.Statistics().CurrentBufferUsed);

            var (s2, r2) = Channel.Create<int>(0);
            AioTask<int> waiting = Asyncio.CreateTask(r2.ReceiveAsync().AsCoroutine());
            await Asyncio.Sleep(0);
            r2.Close();
            await Assert.ThrowsAsync<ClosedResourceError>(async () => await waiting);
            s2.Close();

            var (s3, r3) = Channel.Create<int>(0);
            AioTask<int> waitingForEnd = Asyncio.CreateTask(r3.ReceiveAsync().AsCoroutine());
            await Asyncio.Sleep(0);
            s3.Close();
            await Assert.ThrowsAsync<EndOfChannel>(async () => await waitingForEnd);
            Assert.Throws<EndOfChannel>(() => r3.TryReceive(out _));
            Assert.Throws<ArgumentOutOfRangeException>(() => Channel.Create<int>(-1));
        });

        static async Coroutine<int> BlockedSend(SendChannel<int> send)
        {
            await send.SendAsync(8);
            return 8;
        }
    }

    [Fact]
    public void CancelledBlockedSend_DidNotSend_AndCancelledReceive_TookNothing()
    {
        VirtualTime.Run(async () =>
        {
            var (send, receive) = Channel.Create<int>(0);
            AioTask sender = Asyncio.CreateTask(send.SendAsync(1));
            await Asyncio.Sleep(0);
            sender.Cancel();
            await Assert.ThrowsAsync<CancelledError>(async () => await sender);
            Assert.False(receive.TryReceive(out _));
            Assert.Equal(0, receive.Statistics().TasksWaitingSend);

            AioTask<int> receiver = Asyncio.CreateTask(receive.ReceiveAsync().AsCoroutine());
            await Asyncio.Sleep(0);
            receiver.Cancel();
            await Assert.ThrowsAsync<CancelledError>(async () => await receiver);
            Assert.False(send.TrySend(2)); // no receiver is waiting any more
        });
    }

    [Fact]
    public void HandOffThenCancel_TheReceiverKeepsTheValue_AndIsCancelledAtItsNextAwait()
    {
        var log = new List<string>();
        VirtualTime.Run(async () =>
        {
            var (send, receive) = Channel.Create<int>(0);
            AioTask receiver = Asyncio.CreateTask(Receive(receive, log));
            await Asyncio.Sleep(0);
            Assert.True(send.TrySend(5)); // handed to the blocked receiver; its wake-up is queued
            receiver.Cancel();            // too late to take the value back
            await Assert.ThrowsAsync<CancelledError>(async () => await receiver);
        });
        Assert.Equal(["got 5", "cancelled at the next await"], log);

        static async Coroutine Receive(ReceiveChannel<int> receive, List<string> log)
        {
            log.Add($"got {await receive.ReceiveAsync()}");
            try
            {
                await Asyncio.Sleep(1);
            }
            catch (CancelledError)
            {
                log.Add("cancelled at the next await");
                throw;
            }
        }
    }

    [Fact]
    public void Fuzz_CancelledSendersAndReceivers_NeverLoseOrDuplicateAValue()
    {
        CancellationFuzz.Run(nameof(MemoryChannelTests), async random =>
        {
            int capacity = random.Next(3);
            var (send, receive) = Channel.Create<int>(capacity);
            var sent = new List<int>();
            var received = new List<int>();
            var tasks = new List<AioTask>();
            for (int p = 0; p < 3; p++)
            {
                tasks.Add(Asyncio.CreateTask(Producer(send, p * 1000, random, sent)));
            }

            for (int c = 0; c < 2; c++)
            {
                tasks.Add(Asyncio.CreateTask(Consumer(receive, random, received)));
            }

            for (int i = 0; i < 6; i++)
            {
                await CancellationFuzz.Pause(random);
                AioTask victim = tasks[random.Next(tasks.Count)];
                victim.Cancel();
            }

            // Let the survivors run, then drain until every producer is done (a blocked one is
            // released by the values taken), then stop the consumers and take what is left.
            await Asyncio.Sleep(1);
            while (tasks.Take(3).Any(t => !t.IsDone))
            {
                while (receive.TryReceive(out int value))
                {
                    received.Add(value);
                }

                await Asyncio.Sleep(0.01);
            }

            foreach (AioTask consumer in tasks.Skip(3))
            {
                while (!consumer.IsDone)
                {
                    consumer.Cancel();
                    await Asyncio.Sleep(0);
                }
            }

            while (receive.TryReceive(out int rest))
            {
                received.Add(rest);
            }

            Assert.Equal(sent.Order(), received.Order());
            Assert.NotEmpty(sent); // the scenario is not vacuous
        });

        static async Coroutine Producer(SendChannel<int> send, int start, Random random, List<int> sent)
        {
            for (int i = 0; i < 20; i++)
            {
                try
                {
                    if (random.Next(3) == 0)
                    {
                        // A scope's deadline, not a task cancel: level-triggered, caught by the scope.
                        int value = start + i;
                        CancelScope scope = await Asyncio.MoveOnAfter(random.Next(3) * 0.001, async _ =>
                        {
                            await send.SendAsync(value);
                            sent.Add(value);
                        });
                        continue;
                    }

                    await send.SendAsync(start + i);
                    sent.Add(start + i);
                }
                catch (CancelledError) when (random.Next(2) == 0)
                {
                    // Swallowed: the value was not sent; go on with the next one.
                }

                await CancellationFuzz.Pause(random);
            }
        }

        static async Coroutine Consumer(ReceiveChannel<int> receive, Random random, List<int> received)
        {
            while (true)
            {
                try
                {
                    if (random.Next(3) == 0)
                    {
                        await Asyncio.MoveOnAfter(random.Next(3) * 0.001, async _ => received.Add(await receive.ReceiveAsync()));
                        continue;
                    }

                    received.Add(await receive.ReceiveAsync());
                }
                catch (CancelledError) when (random.Next(2) == 0)
                {
                }

                await CancellationFuzz.Pause(random);
            }
        }
    }
}
