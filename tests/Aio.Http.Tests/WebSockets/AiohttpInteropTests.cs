using System.Globalization;
using System.Text;
using Aio.Http.WebSockets;

namespace Aio.Http.Tests.WebSockets;

/// <summary>A fact that needs Debian's python3 with aiohttp; skipped with a reason where it is absent.</summary>
internal sealed class AiohttpFactAttribute : FactAttribute
{
    public const string Python = "/usr/bin/python3";

    private static readonly Lazy<bool> s_available = new(() =>
    {
        try
        {
            using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(Python, ["-c", "import aiohttp"]) { RedirectStandardError = true });
            return p is not null && p.WaitForExit(20_000) && p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    });

    public AiohttpFactAttribute()
    {
        if (!s_available.Value)
        {
            Skip = "/usr/bin/python3 with aiohttp (Debian's python3-aiohttp) is not installed";
        }
    }
}

/// <summary>Aio's WebSockets against Python's aiohttp, both ways: aiohttp's ws_connect against Aio's server, Aio's client against web.WebSocketResponse.</summary>
public sealed class AiohttpInteropTests
{
    private const string ClientScript = """
        import asyncio, sys, aiohttp
        async def main(port):
            async with aiohttp.ClientSession() as s:
                async with s.ws_connect(f"http://127.0.0.1:{port}/ws", protocols=("chat",), autoping=True) as ws:
                    print("protocol", ws.protocol)
                    await ws.send_str("hello")
                    msg = await ws.receive(); print(msg.type.name, msg.data)
                    await ws.send_bytes(bytes([1, 2, 3]))
                    msg = await ws.receive(); print(msg.type.name, list(msg.data))
                    await ws.send_str("x" * 70000)
                    msg = await ws.receive(); print(msg.type.name, len(msg.data))
                    await ws.send_json({"a": 1})
                    msg = await ws.receive(); print(msg.type.name, msg.json())
                    await ws.send_str("close")
                    msg = await ws.receive(); print(msg.type.name, msg.data, msg.extra)
                    print("close_code", ws.close_code)
        asyncio.run(main(int(sys.argv[1])))
        """;

    private const string ServerScript = """
        import asyncio, sys
        from aiohttp import web, WSMsgType
        async def handler(request):
            ws = web.WebSocketResponse(protocols=("v1", "chat"))
            await ws.prepare(request)
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    if msg.data == "close":
                        await ws.close(code=4001, message=b"py bye")
                    else:
                        await ws.send_str("py:" + msg.data)
                elif msg.type == WSMsgType.BINARY:
                    await ws.send_bytes(msg.data[::-1])
            print("server close_code", ws.close_code, flush=True)
            return ws
        async def main():
            app = web.Application()
            app.router.add_get("/ws", handler)
            runner = web.AppRunner(app)
            await runner.setup()
            site = web.TCPSite(runner, "127.0.0.1", 0)
            await site.start()
            print(site._server.sockets[0].getsockname()[1], flush=True)
            await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
            await runner.cleanup()
        asyncio.run(main())
        """;

    [AiohttpFact]
    public void AiohttpClientTalksToAioServer()
    {
        string output = "";
        Asyncio.Run(async () =>
        {
            (AioServer server, int port) = await WsPeers.ServeAsync(
                async ws =>
                {
                    await foreach (WsMessage msg in ws)
                    {
                        if (msg.Type == WsMsgType.Binary)
                        {
                            await ws.SendBytesAsync(msg.Data.Reverse().ToArray());
                        }
                        else if (msg.Text == "close")
                        {
                            await ws.CloseAsync((WsCloseCode)4000, "aio bye");
                        }
                        else if (msg.Text!.StartsWith('{'))
                        {
                            await ws.SendStrAsync(msg.Text);
                        }
                        else
                        {
                            await ws.SendStrAsync(msg.Text.Length > 100 ? msg.Text : "aio:" + msg.Text);
                        }
                    }
                },
                new WebSocketOptions { Protocols = ["chat"] });
            await using (server)
            {
                AioProcess py = await Asyncio.CreateSubprocessExec(AiohttpFactAttribute.Python, ["-c", ClientScript, port.ToString(CultureInfo.InvariantCulture)], stdout: Stdio.Pipe, stderr: Stdio.Stdout);
                (byte[]? stdout, _) = await Asyncio.WaitFor(py.CommunicateAsync(), 60);
                output = Encoding.UTF8.GetString(stdout!);
            }
        });
        Assert.Equal(
            """
            protocol chat
            TEXT aio:hello
            BINARY [3, 2, 1]
            TEXT 70000
            TEXT {'a': 1}
            CLOSE 4000 aio bye
            close_code 4000

            """.ReplaceLineEndings("\n"),
            output);
    }

    [AiohttpFact]
    public void AioClientTalksToAiohttpServer()
    {
        string serverOutput = "";
        Asyncio.Run(async () =>
        {
            AioProcess py = await Asyncio.CreateSubprocessExec(AiohttpFactAttribute.Python, ["-c", ServerScript], stdin: Stdio.Pipe, stdout: Stdio.Pipe);
            try
            {
                int port = int.Parse(Encoding.ASCII.GetString(await Asyncio.WaitFor(py.Stdout!.ReadLineAsync(), 60)).Trim(), CultureInfo.InvariantCulture);
                ClientWebSocketResponse ws = await WebSocketClient.ConnectAsync($"ws://127.0.0.1:{port}/ws", new WebSocketOptions { Protocols = ["chat"] });
                Assert.Equal("chat", ws.Protocol);
                await ws.SendStrAsync("hi");
                Assert.Equal("py:hi", await ws.ReceiveStrAsync(timeout: 30));
                await ws.SendBytesAsync(new byte[] { 9, 8, 7 });
                Assert.Equal(new byte[] { 7, 8, 9 }, await ws.ReceiveBytesAsync(timeout: 30));
                await ws.PingAsync("are you there"u8.ToArray());
                string big = new('y', 100_000);
                await ws.SendStrAsync(big);
                Assert.Equal("py:" + big, await ws.ReceiveStrAsync(timeout: 30));
                await ws.SendStrAsync("close");
                WsMessage close = await ws.ReceiveAsync(timeout: 30);
                Assert.Equal(WsMsgType.Close, close.Type);
                Assert.Equal((WsCloseCode)4001, close.CloseCode);
                Assert.Equal("py bye", close.Text);
                serverOutput = Encoding.ASCII.GetString(await Asyncio.WaitFor(py.Stdout.ReadLineAsync(), 30));
            }
            finally
            {
                py.Stdin!.Close();
                await Asyncio.WaitFor(py.WaitAsync(), 30);
            }
        });
        Assert.Equal("server close_code 4001\n", serverOutput);
    }

    [AiohttpFact]
    public void AiohttpClientGets1002FromAioServerForAnUnmaskedFrame()
    {
        // aiohttp's client masks everything; a raw frame through its transport shows how it reports our close.
        const string script = """
            import asyncio, sys, aiohttp
            async def main(port):
                async with aiohttp.ClientSession() as s:
                    async with s.ws_connect(f"http://127.0.0.1:{port}/ws") as ws:
                        ws._writer.transport.write(b"\x81\x02hi")
                        msg = await ws.receive()
                        print(msg.type.name, msg.data)
                        print("close_code", ws.close_code)
            asyncio.run(main(int(sys.argv[1])))
            """;
        string output = "";
        Asyncio.Run(async () =>
        {
            (AioServer server, int port) = await WsPeers.ServeAsync(async ws => await ws.ReceiveAsync());
            await using (server)
            {
                AioProcess py = await Asyncio.CreateSubprocessExec(AiohttpFactAttribute.Python, ["-c", script, port.ToString(CultureInfo.InvariantCulture)], stdout: Stdio.Pipe, stderr: Stdio.Stdout);
                (byte[]? stdout, _) = await Asyncio.WaitFor(py.CommunicateAsync(), 60);
                output = Encoding.UTF8.GetString(stdout!);
            }
        });
        Assert.Equal("CLOSE 1002\nclose_code 1002\n", output);
    }
}
