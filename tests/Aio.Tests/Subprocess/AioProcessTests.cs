using Aio.Python;
using Aio.Tests.Support;

namespace Aio.Tests.Subprocess;

public class AioProcessTests
{
    private static string R(byte[]? data) => data is null ? "None" : PyFormat.Bytes(data);

    private static byte[] B(string text) => System.Text.Encoding.ASCII.GetBytes(text);

    [Fact]
    public void Subprocesses_OutputStderrExitCodesAndStdin_AsCPython()
    {
        var trace = new List<string>();
        VirtualTime.Run(async () =>
        {
            AioProcess p = await Asyncio.CreateSubprocessExec("/bin/sh", ["-c", "echo out; echo err >&2; exit 3"], stdout: Stdio.Pipe, stderr: Stdio.Pipe);
            (byte[]? out1, byte[]? err1) = await p.CommunicateAsync();
            trace.Add($"exec: out={R(out1)} err={R(err1)} returncode={p.ReturnCode}");

            p = await Asyncio.CreateSubprocessShell("tr a-z A-Z", stdin: Stdio.Pipe, stdout: Stdio.Pipe);
            (byte[]? out2, byte[]? err2) = await p.CommunicateAsync(B("hello stdin\n"));
            trace.Add($"stdin piped: {R(out2)} {R(err2)} returncode={p.ReturnCode}");

            p = await Asyncio.CreateSubprocessExec("cat", stdin: Stdio.Pipe, stdout: Stdio.Pipe);
            p.Stdin!.Write(B("line 1\n"));
            await p.Stdin.DrainAsync();
            trace.Add($"interactive readline: {R(await p.Stdout!.ReadLineAsync())}");
            p.Stdin.Write(B("line 2\n"));
            p.Stdin.Close();
            trace.Add($"rest after stdin closed: {R(await p.Stdout.ReadAsync())}");
            trace.Add($"wait: {await p.WaitAsync()}");

            p = await Asyncio.CreateSubprocessExec("sleep", ["30"]);
            trace.Add($"returncode while running: {PyFormat.Repr(p.ReturnCode)}");
            p.Kill();
            trace.Add($"after kill: {await p.WaitAsync()}");
            p = await Asyncio.CreateSubprocessExec("sleep", ["30"]);
            p.Terminate();
            trace.Add($"after terminate: {await p.WaitAsync()}");

            p = await Asyncio.CreateSubprocessShell("echo merged; echo to-err >&2", stdout: Stdio.Pipe, stderr: Stdio.Stdout);
            (byte[]? out3, byte[]? err3) = await p.CommunicateAsync();
            trace.Add($"stderr=STDOUT: {R(out3)} {R(err3)}");

            p = await Asyncio.CreateSubprocessExec("ls", ["/nonexistent-dir"], stdout: Stdio.DevNull, stderr: Stdio.DevNull);
            trace.Add($"devnull, exit code: {await p.WaitAsync()}");

            try
            {
                await Asyncio.CreateSubprocessExec("/no/such/program");
            }
            catch (FileNotFoundException)
            {
                trace.Add("missing program: not found");
            }

            p = await Asyncio.CreateSubprocessExec("head", ["-c", "3000000", "/dev/zero"], stdout: Stdio.Pipe);
            (byte[]? out4, _) = await p.CommunicateAsync();
            trace.Add($"large output: {out4!.Length} bytes, all zero: {PyFormat.Repr(out4.All(b => b == 0))}");

            p = await Asyncio.CreateSubprocessShell(
                "echo $AIO_X; pwd",
                stdout: Stdio.Pipe,
                environment: new Dictionary<string, string> { ["AIO_X"] = "value", ["PATH"] = Environment.GetEnvironmentVariable("PATH")! },
                workingDirectory: "/tmp");
            (byte[]? out5, _) = await p.CommunicateAsync();
            trace.Add($"env and cwd: {R(out5)}");

            p = await Asyncio.CreateSubprocessExec("sh", ["-c", "read x; echo got $x; exit 7"], stdin: Stdio.Pipe, stdout: Stdio.Pipe, stderr: Stdio.Pipe);
            (byte[]? out6, byte[]? err6) = await p.CommunicateAsync(B("42\n"));
            trace.Add($"exit code with input: {R(out6)} {R(err6)} {p.ReturnCode}");
        });
        Twin.AssertSame("subprocess_pipes", trace);
    }

    [Fact]
    public void Communicate_ChildIgnoresItsInput_DoesNotFail()
    {
        (byte[]? output, int code) = VirtualTime.Run(async () =>
        {
            AioProcess p = await Asyncio.CreateSubprocessShell("exec 0<&-; echo done", stdin: Stdio.Pipe, stdout: Stdio.Pipe);
            (byte[]? o, _) = await p.CommunicateAsync(new byte[4 << 20]);
            return (o, p.ReturnCode!.Value);
        });
        Assert.Equal("done\n"u8.ToArray(), output);
        Assert.Equal(0, code);
    }

    [Fact]
    public void SendSignal_AfterExit_ThrowsInvalidOperation()
    {
        VirtualTime.Run(async () =>
        {
            AioProcess p = await Asyncio.CreateSubprocessExec("true");
            Assert.Equal(0, await p.WaitAsync());
            Assert.Throws<InvalidOperationException>(p.Kill);
        });
    }

    [Fact]
    public void WaitAsync_Cancelled_LeavesChildRunning_ThenKillReapsIt()
    {
        VirtualTime.Run(async () =>
        {
            AioProcess p = await Asyncio.CreateSubprocessExec("sleep", ["30"]);
            await Assert.ThrowsAsync<TimeoutException>(async () => await Asyncio.WaitFor(p.WaitAsync(), timeout: 1));
            Assert.Null(p.ReturnCode);
            p.Kill();
            Assert.Equal(-9, await p.WaitAsync());
        });
    }

    [Fact]
    public void ProtocolApi_ReportsPipeDataExitAndConnectionLost_InOrder()
    {
        var events = new List<string>();
        VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            var done = loop.CreateFuture<bool>();
            (SubprocessTransport transport, _) = await loop.SubprocessShellAsync(() => new Recorder(events, done), "printf hi; printf oops >&2; exit 4", stdin: Stdio.DevNull);
            await done;
            events.Add($"returncode {transport.ReturnCode}");
        });
        Assert.Equal("connection_made", events[0]);
        Assert.Contains("pipe_data 1 hi", events);
        Assert.Contains("pipe_data 2 oops", events);
        Assert.Contains("pipe_connection_lost 1", events);
        Assert.Contains("pipe_connection_lost 2", events);
        Assert.Contains("process_exited", events);
        Assert.Equal("connection_lost", events[^2]);
        Assert.Equal("returncode 4", events[^1]);
    }

    private sealed class Recorder(List<string> events, Future<bool> done) : SubprocessProtocol
    {
        public override void ConnectionMade(SubprocessTransport transport) => events.Add("connection_made");

        public override void PipeDataReceived(int fd, ReadOnlySpan<byte> data) => events.Add($"pipe_data {fd} {System.Text.Encoding.ASCII.GetString(data)}");

        public override void PipeConnectionLost(int fd, Exception? exception) => events.Add($"pipe_connection_lost {fd}");

        public override void ProcessExited() => events.Add("process_exited");

        public override void ConnectionLost(Exception? exception)
        {
            events.Add("connection_lost");
            done.SetResult(true);
        }
    }
}
