using static Aio.Analyzers.Tests.Verify;

namespace Aio.Analyzers.Tests;

/// <summary>AIO0001: awaits of token-accepting .NET APIs without a token, inside coroutines (issue 7, item 2).</summary>
public class ForeignAwaitWithoutTokenTests
{
    [Fact]
    public Task TaskDelay_InACoroutine_IsReported() => Analyzer("""
        class C
        {
            async Coroutine Main()
            {
                await {|#0:Task.Delay(1000)|};
            }
        }
        """, Aio0001(0, "Task.Delay", "Main"));

    [Fact]
    public Task StreamAndHttpCalls_InAGenericCoroutine_AreReported() => Analyzer("""
        class C
        {
            async Coroutine<int> Read(Stream stream, HttpClient http)
            {
                string page = await {|#0:http.GetStringAsync("http://127.0.0.1/")|};
                var buffer = new byte[16];
                return await {|#1:stream.ReadAsync(buffer, 0, buffer.Length)|} + page.Length;
            }
        }
        """, Aio0001(0, "HttpClient.GetStringAsync", "Read"), Aio0001(1, "Stream.ReadAsync", "Read"));

    [Fact]
    public Task ValueTaskOverloadAndConfigureAwait_AreReported() => Analyzer("""
        class C
        {
            async Coroutine<string?> Line(TextReader reader)
            {
                await {|#0:Task.Delay(5)|}.ConfigureAwait(false);
                return await {|#1:reader.ReadLineAsync()|};
            }
        }
        """, Aio0001(0, "Task.Delay", "Line"), Aio0001(1, "TextReader.ReadLineAsync", "Line"));

    [Fact]
    public Task OmittedOptionalTokenParameter_IsReported() => Analyzer("""
        class C
        {
            static Task Work(int x, CancellationToken cancellationToken = default) => Task.CompletedTask;

            async Coroutine Main()
            {
                await {|#0:Work(1)|};
            }
        }
        """, Aio0001(0, "C.Work", "Main"));

    [Fact]
    public Task CoroutineLambdasAndLocalFunctions_AreChecked() => Analyzer("""
        class C
        {
            async Task Outer()
            {
                Func<Coroutine> lambda = async () => await {|#0:Task.Delay(1)|};
                await Local();

                async Coroutine Local() => await {|#1:Task.Delay(2)|};
            }
        }
        """, Aio0001(0, "Task.Delay", "lambda"), Aio0001(1, "Task.Delay", "Local"));

    [Fact]
    public Task ExtensionMethodWithATokenOverload_IsReported() => Analyzer("""
        class Pipe { }
        static class PipeExtensions
        {
            public static Task FlushAsync(this Pipe pipe) => Task.CompletedTask;
            public static Task FlushAsync(this Pipe pipe, CancellationToken cancellationToken) => Task.CompletedTask;
        }
        class C
        {
            async Coroutine Main(Pipe pipe)
            {
                await {|#0:pipe.FlushAsync()|};
            }
        }
        """, Aio0001(0, "PipeExtensions.FlushAsync", "Main"));

    [Fact]
    public Task SameAwaits_OutsideCoroutines_AreNotReported() => Analyzer("""
        class C
        {
            async Task Plain() => await Task.Delay(1000);
            async ValueTask<string> Http(HttpClient http) => await http.GetStringAsync("http://127.0.0.1/");

            async Coroutine Main()
            {
                Func<Task> taskLambda = async () => await Task.Delay(1);   // a Task lambda, not a coroutine
                await Asyncio.Sleep(1);
            }
        }
        """);

    [Fact]
    public Task TokenGiven_EvenNoneOrDefault_IsNotReported() => Analyzer("""
        class C
        {
            static Task Work(int x, CancellationToken cancellationToken = default) => Task.CompletedTask;

            async Coroutine Main(CancellationToken token)
            {
                await Task.Delay(1000, Asyncio.CurrentTask()!.CancellationToken);
                await Task.Delay(1000, token).ConfigureAwait(false);
                await Task.Delay(1000, CancellationToken.None);
                await Work(1, default);
            }
        }
        """);

    [Fact]
    public Task ApisWithoutTokenOverloads_AioAwaitablesAndWrappedTasks_AreNotReported() => Analyzer("""
        class C
        {
            async Coroutine Main(Task pending)
            {
                await Task.Yield();
                await Task.WhenAll(pending, Task.CompletedTask);
                await pending;                                   // not a call: nothing to give a token to
                await Asyncio.WrapFuture(Task.Delay(1000));      // abandonable at cancellation
                await Asyncio.Sleep(0.1);
                Task notAwaited = Task.Delay(10);
            }
        }
        """);

    [Fact]
    public Task CodeFix_AppendsTheTasksToken() => CodeFix("""
        class C
        {
            async Coroutine Main()
            {
                await {|#0:Task.Delay(1000)|}.ConfigureAwait(false);
            }
        }
        """, """
        class C
        {
            async Coroutine Main()
            {
                await Task.Delay(1000, Asyncio.CurrentTask()!.CancellationToken).ConfigureAwait(false);
            }
        }
        """, Aio0001(0, "Task.Delay", "Main"));

    [Fact]
    public Task CodeFix_NamesTheTokenWhenOptionalParametersAreSkipped() => CodeFix("""
        class C
        {
            static Task Work(int x, int retries = 3, CancellationToken cancellationToken = default) => Task.CompletedTask;

            async Coroutine Main()
            {
                await {|#0:Work(1)|};
            }
        }
        """, """
        class C
        {
            static Task Work(int x, int retries = 3, CancellationToken cancellationToken = default) => Task.CompletedTask;

            async Coroutine Main()
            {
                await Work(1, cancellationToken: Asyncio.CurrentTask()!.CancellationToken);
            }
        }
        """, Aio0001(0, "C.Work", "Main"));
}
