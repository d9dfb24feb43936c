using Aio.Tests.Support;

namespace Aio.Tests.Structured;

/// <summary>Random nests of scopes with random deadlines, explicit cancels, shields and swallowed cancellations.</summary>
public class CancelScopeFuzzTests
{
    [Fact]
    public void Fuzz_EveryScopeCatchesItsOwnCancellation_AndNothingIsLeftPending()
    {
        CancellationFuzz.Run(nameof(CancelScopeFuzzTests), async random =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            AioTask me = Asyncio.CurrentTask()!;
            var exited = new List<CancelScope>();
            await Nest(random, loop, 0, exited);

            // Only scopes cancelled anything, and each catches its own: nothing escapes, nothing is left.
            Assert.Equal(0, me.Cancelling());
            Assert.False(me.CancellationDue);
            Assert.Null(me.CancelScope);
            await Asyncio.Sleep(0.01);
            Assert.All(exited, s => Assert.True(!s.CancelledCaught || s.CancelCalled));
        }, iterations: 1000);

        static async Coroutine Nest(Random random, EventLoop loop, int depth, List<CancelScope> exited)
        {
            var scope = new CancelScope(
                random.Next(3) == 0 ? double.PositiveInfinity : loop.Time() + (random.Next(6) * 0.001),
                shield: random.Next(4) == 0);
            if (random.Next(4) == 0)
            {
                loop.CallLater(random.Next(6) * 0.001, scope.Cancel);
            }

            await scope.RunAsync(async s =>
            {
                for (int i = 0; i < 3; i++)
                {
                    try
                    {
                        if (depth < 3 && random.Next(2) == 0)
                        {
                            await Nest(random, loop, depth + 1, exited);
                        }
                        else
                        {
                            await CancellationFuzz.Pause(random);
                        }

                        if (random.Next(8) == 0)
                        {
                            s.Deadline = loop.Time() + (random.Next(3) * 0.001);
                        }
                    }
                    catch (CancelledError) when (random.Next(2) == 0)
                    {
                        // Swallowed: a cancelled scope raises again at the next await.
                    }
                }
            });
            exited.Add(scope);
        }
    }
}
