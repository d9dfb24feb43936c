namespace Aio.Tests.Subprocess;

/// <summary>Subprocess arguments checked before spawning, and communicate() without input.</summary>
public class SubprocessEdgeTests
{
    [Fact]
    public void Communicate_WithoutInput_ClosesAPipedStdin_SoCatFinishes()
    {
        // Python 3.12 (gh-83925); 3.11 waited forever here.
        // Real time: on a virtual clock the timeout would fire as soon as the loop waits for the child.
        (byte[]? stdout, byte[]? stderr, int code) = Asyncio.Run(
            async () =>
            {
                AioProcess cat = await Asyncio.CreateSubprocessExec("cat", stdin: Stdio.Pipe, stdout: Stdio.Pipe);
                (byte[]? o, byte[]? e) = await Asyncio.WaitFor(cat.CommunicateAsync(), 60);
                return (o, e, cat.ReturnCode!.Value);
            },
            debug: false,
            () => new EventLoop());
        Assert.NotNull(stdout);
        Assert.Empty(stdout);
        Assert.Null(stderr);
        Assert.Equal(0, code);
    }

    // limit <= 0 is not checked before spawning: the child starts, ConnectionMade throws inside a
    //    callback, the call "succeeds" with Stdout == null although Stdio.Pipe was asked for, and the
    //    child keeps running.
    [Fact]
    public void CreateSubprocessExec_WithLimitZero_RaisesBeforeSpawning()
    {
        VirtualTime.Run(async () =>
        {
            AioProcess? process = null;
            Exception? error = null;
            try
            {
                process = await Asyncio.CreateSubprocessExec("sleep", ["5"], stdout: Stdio.Pipe, limit: 0);
            }
            catch (Exception e)
            {
                error = e;
            }

            if (process is not null)
            {
                bool hadStdout = process.Stdout is not null;
                process.Kill();
                await process.WaitAsync();
                Assert.Fail($"a child was spawned (stdout piped: {hadStdout}) instead of ArgumentOutOfRangeException");
            }

            Assert.Equal("limit", Assert.IsType<ArgumentOutOfRangeException>(error).ParamName);
        });
    }
}
