using System.Net;
using System.Text;

namespace Aio.Tests.Structured;

/// <summary>Task groups, further (issue 11): StartAsync, cancelling a group, listing it, groups inside cancel scopes.</summary>
public class TaskGroupStartTests
{
    [Fact]
    public void StartAsync_ReturnsOnlyAfterTheChildListens_AndAClientConnectsAtOnce()
    {
        string reply = Asyncio.Run(async () =>
        {
            return await Asyncio.TaskGroup(async Coroutine<string> (tg) =>
            {
                int port = await tg.StartAsync<int>(status => Serve(status), name: "server");
                Assert.Contains(tg.Tasks, t => t.Name == "server");

                // No sleep, no retry: the child is listening before StartAsync returns.
                var (reader, writer) = await Asyncio.OpenConnection("127.0.0.1", port);
                writer.Write("ping\n"u8);
                string line = Encoding.ASCII.GetString(await reader.ReadLineAsync());
                writer.Close();
                tg.Cancel(); // stop the server: the group exits quietly
                return line;
            });
        });
        Assert.Equal("pong ping\n", reply);

        static async Coroutine Serve(StartStatus<int> status)
        {
            AioServer server = await Asyncio.StartServer(
                async (reader, writer) =>
                {
                    byte[] line = await reader.ReadLineAsync();
                    writer.Write(Encoding.ASCII.GetBytes("pong " + Encoding.ASCII.GetString(line)));
                    await writer.DrainAsync();
                    writer.Close();
                },
                "127.0.0.1",
                0);
            try
            {
                status.Started(((IPEndPoint)server.Sockets[0].LocalEndPoint!).Port);
                await server.ServeForeverAsync();
            }
            finally
            {
                server.Close();
            }
        }
    }

    [Fact]
    public void StartAsync_ChildFailingBeforeStarted_RaisesInTheStarter_AndTheGroupGoesOn()
    {
        var log = new List<string>();
        VirtualTime.Run(async () =>
        {
            await Asyncio.TaskGroup(async Coroutine (tg) =>
            {
                AioTask sibling = tg.CreateTask(Sibling(log));
                var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
                    await tg.StartAsync<int>(async _ =>
                    {
                        await Asyncio.Sleep(1);
                        throw new InvalidOperationException("bind failed");
                    }));
                log.Add($"starter got: {error.Message}");
                var never = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
                    await tg.StartAsync(async _ => await Asyncio.Sleep(1)));
                log.Add(never.Message.Contains("without calling StartStatus.Started()", StringComparison.Ordinal) ? "returned without Started" : never.Message);
            });
        });
        Assert.Equal(["starter got: bind failed", "returned without Started", "sibling done"], log);

        static async Coroutine Sibling(List<string> log)
        {
            await Asyncio.Sleep(3);
            log.Add("sibling done");
        }
    }

    [Fact]
    public void StartAsync_ChildFailingAfterStarted_FailsTheGroupLikeAnyTask()
    {
        VirtualTime.Run(async () =>
        {
            var group = await Assert.ThrowsAsync<ExceptionGroup>(async () =>
                await Asyncio.TaskGroup(async Coroutine (tg) =>
                {
                    string ready = await tg.StartAsync<string>(async status =>
                    {
                        status.Started("ready");
                        Assert.Throws<InvalidOperationException>(() => status.Started("twice"));
                        await Asyncio.Sleep(1);
                        throw new IOException("lost");
                    });
                    Assert.Equal("ready", ready);
                    await Asyncio.Sleep(10);
                }));
            Assert.IsType<IOException>(Assert.Single(group.InnerExceptions));
            Assert.Equal(1.0, Asyncio.GetRunningLoop().Time(), 6);
        });
    }

    [Fact]
    public void StartAsync_StarterCancelled_CancelsTheStartingChildAndWaitsForIt()
    {
        var log = new List<string>();
        VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            CancelScope scope = await Asyncio.MoveOnAfter(1, async _ =>
                await Asyncio.TaskGroup(async Coroutine (tg) =>
                {
                    await tg.StartAsync(async status =>
                    {
                        try
                        {
                            await Asyncio.Sleep(10);
                            status.Started();
                        }
                        finally
                        {
                            log.Add($"child cleaned up t={loop.Time()}");
                        }
                    });
                }));
            log.Add($"caught={scope.CancelledCaught} t={loop.Time()}");
        });
        Assert.Equal(["child cleaned up t=1", "caught=True t=1"], log);
    }

    [Fact]
    public void CancellingTheGroup_CancelsBodyAndChildren_AndExitsQuietly()
    {
        var log = new List<string>();
        VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            await Asyncio.TaskGroup(async Coroutine (tg) =>
            {
                _ = tg.CreateTask(Child(log, "a"), name: "a");
                _ = tg.CreateTask(Child(log, "b"), name: "b");
                Assert.Equal(["a", "b"], tg.Tasks.Select(t => t.Name));
                loop.CallLater(2, tg.Cancel);
                await Asyncio.Sleep(100);
                log.Add("body not cancelled");
            });
            log.Add($"group exited t={loop.Time()}");
        });
        Assert.Equal(["a cancelled t=2", "b cancelled t=2", "group exited t=2"], log.Select(l => l.Replace("t=2.0", "t=2", StringComparison.Ordinal)));

        static async Coroutine Child(List<string> log, string name)
        {
            try
            {
                await Asyncio.Sleep(100);
            }
            catch (CancelledError)
            {
                log.Add($"{name} cancelled t={Asyncio.GetRunningLoop().Time()}");
                throw;
            }
        }
    }

    [Fact]
    public void GroupInsideAnOuterScope_TheScopesDeadlineCancelsTheChildren_LevelTriggered()
    {
        var log = new List<string>();
        VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            CancelScope scope = await Asyncio.MoveOnAfter(1, async s =>
                await Asyncio.TaskGroup(async Coroutine (tg) =>
                {
                    _ = tg.CreateTask(Stubborn(log));
                    await Asyncio.Sleep(100);
                }));
            log.Add($"scope caught={scope.CancelledCaught} t={loop.Time()}");
        });
        Assert.Equal(["child swallowed", "child raised again", "scope caught=True t=1"], log);

        static async Coroutine Stubborn(List<string> log)
        {
            try
            {
                await Asyncio.Sleep(100);
            }
            catch (CancelledError)
            {
                log.Add("child swallowed");
            }

            try
            {
                await Asyncio.Sleep(100);
            }
            catch (CancelledError)
            {
                log.Add("child raised again");
                throw;
            }
        }
    }

    [Fact]
    public void GroupInsideAShield_ItsChildFailureStillCancelsTheBody()
    {
        VirtualTime.Run(async () =>
        {
            await new CancelScope(shield: true).RunAsync(async s =>
            {
                await Assert.ThrowsAsync<ExceptionGroup>(async () =>
                    await Asyncio.TaskGroup(async Coroutine (tg) =>
                    {
                        _ = tg.CreateTask(Fail());
                        await Asyncio.Sleep(100);
                    }));
            });
            Assert.Equal(1.0, Asyncio.GetRunningLoop().Time(), 6);
        });

        static async Coroutine Fail()
        {
            await Asyncio.Sleep(1);
            throw new InvalidOperationException("boom");
        }
    }
}

/// <summary>Task groups keep asyncio's behaviour inside and around cancel scopes.</summary>
public class TaskGroupInScopesTests
{
    [Fact]
    public void ChildFailingWhileTheGroupWaits_LeavesNoCancellationPendingAfterTheExceptionGroup()
    {
        VirtualTime.Run(async () =>
        {
            await Assert.ThrowsAsync<ExceptionGroup>(async () =>
                await Asyncio.TaskGroup(async Coroutine (tg) =>
                {
                    _ = tg.CreateTask(Fail());
                    await Asyncio.Sleep(0);
                }));
            await Asyncio.Sleep(0.1); // asyncio: the request was absorbed by the group's wait
            Assert.Equal(0.15, Asyncio.GetRunningLoop().Time(), 6);
        });

        static async Coroutine Fail()
        {
            await Asyncio.Sleep(0.05);
            throw new InvalidOperationException("boom");
        }
    }

    [Fact]
    public void AsyncioTimeout_DuringTheGroupsWait_InsideACancelScope_StillAbortsTheGroup()
    {
        VirtualTime.Run(async () =>
        {
            await new CancelScope().RunAsync(async scope =>
            {
                await Assert.ThrowsAsync<TimeoutException>(async () =>
                {
                    await using (Asyncio.Timeout(1))
                    {
                        await Asyncio.TaskGroup(async Coroutine (tg) =>
                        {
                            _ = tg.CreateTask(Asyncio.Sleep(10).AsCoroutine());
                            await Asyncio.Sleep(0);
                        });
                    }
                });
            });
            Assert.Equal(1.0, Asyncio.GetRunningLoop().Time(), 6);
        });
    }
}
