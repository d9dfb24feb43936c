using System.Runtime.CompilerServices;

namespace Aio;

public static partial class Asyncio
{
    // Overload priorities: awaitables of one result type gather into a T[] (as asyncio's list); of
    // different result types into a tuple; anything else, or more than five, into object?[].

    /// <summary>
    /// Runs the coroutines concurrently, each as a task, and returns their results in argument order
    /// (asyncio's <c>gather()</c>). The first exception propagates to the awaiter while the other
    /// children keep running; cancelling the returned future cancels the children.
    /// </summary>
    [OverloadResolutionPriority(2)]
    public static Future<T[]> Gather<T>(params Coroutine<T>[] coroutines)
    {
        ArgumentNullException.ThrowIfNull(coroutines);
        return GatherTyped<T>(Awaitables.FuturesOf(Array.ConvertAll(coroutines, static c => (IAioAwaitable)c), nameof(coroutines)));
    }

    /// <summary>
    /// Gathers awaitables of one result type: futures and tasks as they are, coroutines and other
    /// awaitables each wrapped in a task, in argument order; see <see cref="Gather{T}(Coroutine{T}[])"/>.
    /// </summary>
    [OverloadResolutionPriority(2)]
    public static Future<T[]> Gather<T>(params IAioAwaitable<T>[] awaitables) =>
        GatherTyped<T>(Awaitables.FuturesOf(awaitables, nameof(awaitables)));

    /// <summary>Gathers nothing: a future already finished with an empty result (asyncio's <c>gather()</c>).</summary>
    public static Future<object?[]> Gather() => Gather(false, Array.Empty<IAioAwaitable>());

    /// <summary>Gathers coroutines of any result type; results are boxed (null for coroutines that return nothing).</summary>
    public static Future<object?[]> Gather(params Coroutine[] coroutines) => Gather(false, coroutines);

    /// <summary>Gathers awaitables of any result type; results are boxed in argument order (null for those that return nothing).</summary>
    public static Future<object?[]> Gather(params IAioAwaitable[] awaitables) => Gather(false, awaitables);

    /// <summary>
    /// Gathers awaitables; with <paramref name="returnExceptions"/>, exceptions (and a
    /// <see cref="CancelledError"/> for each cancelled child) are returned in place of results instead of raised.
    /// </summary>
    public static Future<object?[]> Gather(bool returnExceptions, params IAioAwaitable[] awaitables)
    {
        Future[] futures = Awaitables.FuturesOf(awaitables, nameof(awaitables));
        return GatherCore<object?>(LoopOf(futures), futures, returnExceptions, returnExceptions ? ResultOrError : ResultOf);
    }

    /// <summary>Gathers coroutines; see <see cref="Gather(bool, IAioAwaitable[])"/>.</summary>
    public static Future<object?[]> Gather(bool returnExceptions, params Coroutine[] coroutines)
    {
        ArgumentNullException.ThrowIfNull(coroutines);
        return Gather(returnExceptions, Array.ConvertAll(coroutines, static c => (IAioAwaitable)c));
    }

    /// <summary>
    /// Gathers two awaitables of different result types into a tuple:
    /// <c>var (count, name) = await Asyncio.Gather(CountAsync(), NameAsync());</c>. Cancelling the task
    /// awaiting it cancels both. The tasks start when this is called, as asyncio's do; the first exception propagates as in <see cref="Gather{T}(Coroutine{T}[])"/>.
    /// </summary>
    [OverloadResolutionPriority(1)]
    public static Coroutine<(T1, T2)> Gather<T1, T2>(IAioAwaitable<T1> first, IAioAwaitable<T2> second) =>
        Tuple(Gather(false, first, second), static r => ((T1)r[0]!, (T2)r[1]!));

    /// <summary>Gathers three awaitables of different result types into a tuple; see <see cref="Gather{T1, T2}"/>.</summary>
    [OverloadResolutionPriority(1)]
    public static Coroutine<(T1, T2, T3)> Gather<T1, T2, T3>(IAioAwaitable<T1> first, IAioAwaitable<T2> second, IAioAwaitable<T3> third) =>
        Tuple(Gather(false, first, second, third), static r => ((T1)r[0]!, (T2)r[1]!, (T3)r[2]!));

    /// <summary>Gathers four awaitables of different result types into a tuple; see <see cref="Gather{T1, T2}"/>.</summary>
    [OverloadResolutionPriority(1)]
    public static Coroutine<(T1, T2, T3, T4)> Gather<T1, T2, T3, T4>(IAioAwaitable<T1> first, IAioAwaitable<T2> second, IAioAwaitable<T3> third, IAioAwaitable<T4> fourth) =>
        Tuple(Gather(false, first, second, third, fourth), static r => ((T1)r[0]!, (T2)r[1]!, (T3)r[2]!, (T4)r[3]!));

    /// <summary>Gathers five awaitables of different result types into a tuple; see <see cref="Gather{T1, T2}"/>.</summary>
    [OverloadResolutionPriority(1)]
    public static Coroutine<(T1, T2, T3, T4, T5)> Gather<T1, T2, T3, T4, T5>(IAioAwaitable<T1> first, IAioAwaitable<T2> second, IAioAwaitable<T3> third, IAioAwaitable<T4> fourth, IAioAwaitable<T5> fifth) =>
        Tuple(Gather(false, first, second, third, fourth, fifth), static r => ((T1)r[0]!, (T2)r[1]!, (T3)r[2]!, (T4)r[3]!, (T5)r[4]!));

    /// <summary>The tuple view of a gather whose tasks were started when it was called, as asyncio starts them.</summary>
    private static async Coroutine<TTuple> Tuple<TTuple>(Future<object?[]> gathering, Func<object?[], TTuple> shape) => shape(await gathering);

    private static Future<T[]> GatherTyped<T>(Future[] futures) =>
        GatherCore(LoopOf(futures), futures, returnExceptions: false, static f => (T)f.ResultObject!);

    internal static Future<TResult[]> GatherCore<TResult>(EventLoop loop, Future[] futures, bool returnExceptions, Func<Future, TResult> select)
    {
        foreach (Future f in futures)
        {
            if (f.Loop != loop)
            {
                throw new ArgumentException("All futures passed to Gather must belong to the same loop.", nameof(futures));
            }
        }

        if (futures.Length == 0)
        {
            var empty = loop.CreateFuture<TResult[]>();
            empty.SetResult([]);
            return empty;
        }

        return new GatheringFuture<TResult>(loop, futures, returnExceptions, select);
    }

    private static object? ResultOf(Future f) => f.ResultObject;

    private static object? ResultOrError(Future f) =>
        f.IsCancelled ? new CancelledError(f.CancelMessage) : f.Exception ?? f.ResultObject;

    private static EventLoop LoopOf(Future[] futures) => futures.Length > 0 ? futures[0].Loop : GetEventLoop();
}
