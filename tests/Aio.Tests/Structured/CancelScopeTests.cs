namespace Aio.Tests.Structured;

/// <summary>trio's cancel scopes on Aio's tasks (issue 11), on the virtual clock.</summary>
public class CancelScopeTests
{
    [Fact]
    public void NestedScopes_InnerDeadlineFiresFirst_OnlyTheInnerCatchesIt()
    {
        var log = new List<string>();
        VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            CancelScope? inner = null;
            CancelScope outer = await Asyncio.MoveOnAfter(10, async _ =>
            {
                inner = await Asyncio.MoveOnAfter(1, async _ =>
                {
                    await Asyncio.Sleep(5);
                    log.Add("inner not cut");
                });
                log.Add($"after inner t={loop.Time()}");
                await Asyncio.Sleep(2);
                log.Add($"outer body done t={loop.Time()}");
            });
            log.Add($"inner caught={inner!.CancelledCaught} outer caught={outer.CancelledCaught} outer called={outer.CancelCalled}");
        });
        Assert.Equal(["after inner t=1", "outer body done t=3", "inner caught=True outer caught=False outer called=False"], log);
    }

    [Fact]
    public void NestedScopes_OuterCancelled_PassesThroughTheInnerOne()
    {
        VirtualTime.Run(async () =>
        {
            CancelScope? inner = null;
            CancelScope outer = await Asyncio.MoveOnAfter(1, async _ =>
            {
                inner = await Asyncio.MoveOnAfter(5, async _ => await Asyncio.Sleep(10));
                throw new InvalidOperationException("not reached: the outer cancellation leaves the inner scope");
            });
            Assert.True(outer.CancelledCaught);
            Assert.Null(inner); // the inner MoveOnAfter raised rather than returning
            Assert.Equal(1.0, Asyncio.GetRunningLoop().Time(), 6);
        });
    }

    [Fact]
    public void Deadline_CanBeReadAndMovedLaterOrEarlier()
    {
        var log = new List<string>();
        VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            CancelScope later = await Asyncio.MoveOnAfter(1, async scope =>
            {
                log.Add($"deadline {scope.Deadline}");
                scope.Deadline += 2; // now 3
                await Asyncio.Sleep(2.5);
                log.Add($"still running t={loop.Time()}");
                await Asyncio.Sleep(10);
            });
            log.Add($"later caught={later.CancelledCaught} t={loop.Time()}");
            CancelScope earlier = await Asyncio.MoveOnAfter(10, async scope =>
            {
                await Asyncio.Sleep(1);
                scope.Deadline = loop.Time() + 0.5;
                await Asyncio.Sleep(5);
            });
            log.Add($"earlier caught={earlier.CancelledCaught} t={loop.Time()}");
            var never = new CancelScope();
            Assert.True(double.IsPositiveInfinity(never.Deadline));
            await never.RunAsync(async s =>
            {
                s.Deadline = loop.Time() - 1; // already past: cancelled at once
                await Asyncio.Sleep(1);
            });
            log.Add($"past caught={never.CancelledCaught} t={loop.Time()}");
        });
        Assert.Equal(["deadline 1", "still running t=2.5", "later caught=True t=3", "earlier caught=True t=4.5", "past caught=True t=4.5"], log);
    }

    [Fact]
    public void SwallowedCancelledError_IsRaisedAgainAtTheNextAwait()
    {
        var log = new List<string>();
        VirtualTime.Run(async () =>
        {
            CancelScope scope = await Asyncio.MoveOnAfter(1, async _ =>
            {
                try
                {
                    await Asyncio.Sleep(5);
                }
                catch (CancelledError)
                {
                    log.Add("swallowed");
                }

                try
                {
                    await Asyncio.Sleep(0);
                }
                catch (CancelledError)
                {
                    log.Add("raised again at Sleep(0)");
                }

                try
                {
                    await Asyncio.GetRunningLoop().CreateFuture<int>();
                }
                catch (CancelledError)
                {
                    log.Add("raised again at a future");
                }

                await new AioEvent().WaitAsync();
                log.Add("not reached");
            });
            log.Add($"caught={scope.CancelledCaught}");
            await Asyncio.Sleep(1); // outside the scope: no cancellation left
            log.Add("after");
        });
        Assert.Equal(["swallowed", "raised again at Sleep(0)", "raised again at a future", "caught=True", "after"], log);
    }

    [Fact]
    public void ExplicitCancel_FromAnotherTask_StopsTheBlock_AndCancelBeforeEnteringWorks()
    {
        VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            var scope = new CancelScope();
            loop.CallLater(2, scope.Cancel);
            await scope.RunAsync(async _ => await Asyncio.Sleep(100));
            Assert.True(scope.CancelCalled);
            Assert.True(scope.CancelledCaught);
            Assert.Equal(2.0, loop.Time(), 6);

            var early = new CancelScope();
            early.Cancel();
            int result = (await early.RunAsync(async _ =>
            {
                await Asyncio.Sleep(1);
                return 5;
            }))!;
            Assert.Equal(0, result);
            Assert.True(early.CancelledCaught);
            Assert.Equal(2.0, loop.Time(), 6);

            await Assert.ThrowsAsync<InvalidOperationException>(async () => await early.RunAsync(async _ => await Asyncio.Sleep(0)));
        });
    }

    [Fact]
    public void ScopeNotCancelled_DoesNotCatchAnOuterCancellation()
    {
        VirtualTime.Run(async () =>
        {
            AioTask task = Asyncio.CreateTask(Body());
            await Asyncio.Sleep(1);
            task.Cancel();
            await Assert.ThrowsAsync<CancelledError>(async () => await task);
        });

        static async Coroutine Body()
        {
            var scope = new CancelScope();
            await scope.RunAsync(async _ => await Asyncio.Sleep(10));
        }
    }

    [Fact]
    public void AsyncioCancelOfTheTask_InsideACancelledScope_IsNotSwallowedByIt()
    {
        VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            var scope = new CancelScope();
            AioTask task = Asyncio.CreateTask(scope.RunAsync(async _ => await Asyncio.Sleep(10)));
            await Asyncio.Sleep(1);
            scope.Cancel();
            task.Cancel();
            await Assert.ThrowsAsync<CancelledError>(async () => await task);
            Assert.True(task.IsCancelled);
            Assert.False(scope.CancelledCaught);
        });
    }

    [Fact]
    public void FailAfter_RaisesTimeoutException_AndReturnsTheResultInTime()
    {
        VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            await Assert.ThrowsAsync<TimeoutException>(async () => await Asyncio.FailAfter(1, async _ => await Asyncio.Sleep(2)));
            Assert.Equal(1.0, loop.Time(), 6);
            int value = await Asyncio.FailAfter(5, async _ =>
            {
                await Asyncio.Sleep(1);
                return 42;
            });
            Assert.Equal(42, value);
            await Assert.ThrowsAsync<TimeoutException>(async () => await Asyncio.FailAt(loop.Time() + 0.5, async _ =>
            {
                await Asyncio.Sleep(1);
                return 1;
            }));
            Assert.Throws<ArgumentException>(() => Asyncio.FailAfter(double.NaN, _ => default));
            Assert.Throws<ArgumentException>(() => Asyncio.MoveOnAfter(-1, _ => default));
        });
    }

    [Fact]
    public void ShieldedScope_FinishesItsCleanupWhileItsTaskIsCancelled()
    {
        var log = new List<string>();
        VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            AioTask worker = Asyncio.CreateTask(Worker(log, loop));
            await Asyncio.Sleep(1);
            worker.Cancel();
            await Asyncio.Sleep(0.5);
            worker.Cancel(); // a second request during the cleanup is held back too
            await Assert.ThrowsAsync<CancelledError>(async () => await worker);
            log.Add($"worker cancelled={worker.IsCancelled} t={loop.Time()}");
        });
        Assert.Equal(["cleanup start t=1", "cleanup done t=3", "after shield: CancelledError t=3", "worker cancelled=True t=3"], log);

        static async Coroutine Worker(List<string> log, EventLoop loop)
        {
            try
            {
                await Asyncio.Sleep(10);
            }
            finally
            {
                log.Add($"cleanup start t={loop.Time()}");
                await new CancelScope(shield: true).RunAsync(async _ =>
                {
                    await Asyncio.Sleep(2);
                    log.Add($"cleanup done t={loop.Time()}");
                });
                try
                {
                    await Asyncio.Sleep(1);
                }
                catch (CancelledError)
                {
                    log.Add($"after shield: CancelledError t={loop.Time()}");
                    throw;
                }
            }
        }
    }

    [Fact]
    public void Shield_HoldsBackAnOuterScope_ButNotADeadlineInsideIt()
    {
        var log = new List<string>();
        VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            CancelScope outer = await Asyncio.MoveOnAfter(1, async _ =>
            {
                await new CancelScope(shield: true).RunAsync(async _ =>
                {
                    CancelScope inner = await Asyncio.MoveOnAfter(3, async _ => await Asyncio.Sleep(10));
                    log.Add($"inner scope inside the shield fired t={loop.Time()} caught={inner.CancelledCaught}");
                    try
                    {
                        await using (Asyncio.Timeout(1))
                        {
                            await Asyncio.Sleep(10);
                        }
                    }
                    catch (TimeoutException)
                    {
                        log.Add($"asyncio timeout inside the shield fired t={loop.Time()}");
                    }
                });
                log.Add("after the shield, before its next await");
                await Asyncio.Sleep(1);
            });
            log.Add($"outer caught={outer.CancelledCaught} t={loop.Time()}");
        });
        Assert.Equal(
            ["inner scope inside the shield fired t=3 caught=True", "asyncio timeout inside the shield fired t=4",
             "after the shield, before its next await", "outer caught=True t=4"],
            log);
    }

    [Fact]
    public void ShieldOff_WhileAnOuterScopeIsCancelled_DeliversTheCancellation()
    {
        VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            CancelScope outer = await Asyncio.MoveOnAfter(1, async _ =>
            {
                var shield = new CancelScope(shield: true);
                loop.CallLater(2, () => shield.Shield = false);
                await shield.RunAsync(async _ => await Asyncio.Sleep(10));
            });
            Assert.True(outer.CancelledCaught);
            Assert.Equal(2.0, loop.Time(), 6);
        });
    }

    [Fact]
    public void Checkpoint_RaisesInACancelledScope_AndLetsOtherTasksRun()
    {
        var log = new List<string>();
        VirtualTime.Run(async () =>
        {
            AioTask other = Asyncio.CreateTask(Other(log));
            await Asyncio.Checkpoint();
            log.Add("main after checkpoint");
            await other;
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
                    log.Add($"spins={spins}");
                }
            });
            log.Add($"caught={scope.CancelledCaught}");
        });
        Assert.Equal(["other ran", "main after checkpoint", "spins=1", "caught=True"], log);

        static async Coroutine Other(List<string> log)
        {
            log.Add("other ran");
            await Asyncio.Sleep(0);
        }
    }
}
