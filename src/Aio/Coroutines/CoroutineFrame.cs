using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Aio;

/// <summary>Stands in for <c>void</c> as the result type of a coroutine that returns nothing.</summary>
internal readonly struct VoidResult
{
}

/// <summary>
/// The single heap object behind one coroutine call: the compiler's state machine, copied in by
/// <see cref="CoroutineMethodBuilder{T}.Start"/>, inside an <see cref="AioTask{T}"/>. Awaited
/// directly, it runs inline and resumes its caller synchronously when done; promoted to a task, it
/// is scheduled, listed and completed like any task.
/// </summary>
internal sealed class CoroutineFrame<TStateMachine, TResult> : AioTask<TResult>
    where TStateMachine : IAsyncStateMachine
{
    private static readonly string s_name = CompilerNames.OfStateMachine(typeof(TStateMachine));
    private static readonly int s_site = FrameSites.Register($"{FrameNames.OwnerName(typeof(TStateMachine))}.{s_name}()");

    // Not readonly: the state machine mutates itself through this field.
#pragma warning disable IDE0044
    internal TStateMachine StateMachine = default!;
#pragma warning restore IDE0044

    public CoroutineFrame()
        : base(null)
    {
    }

    public override string BodyName => s_name;

    private protected override void StartInline()
    {
        BindLoop(EventLoop.Running);
        RunStep();
    }

    /// <summary>First step (unless cancelled before it) or resumption after a loop-owned await.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private protected override void Step(object? state)
    {
        if (ReferenceEquals(state, FirstStep) && !BeginFirstStep())
        {
            return;
        }

        RunStep();
    }

    /// <summary>Registers the frame with an awaiter: the frame itself for loop awaiters, a cached delegate otherwise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void Await<TAwaiter>(ref TAwaiter awaiter)
        where TAwaiter : INotifyCompletion
    {
        if (awaiter is ILoopAwaiter)
        {
            ((ILoopAwaiter)awaiter).Register(this);
        }
        else if (awaiter is ICriticalNotifyCompletion)
        {
            ((ICriticalNotifyCompletion)awaiter).UnsafeOnCompleted(ForeignResumeDelegate(typeof(TAwaiter)));
        }
        else
        {
            awaiter.OnCompleted(ForeignResumeDelegate(typeof(TAwaiter)));
        }
    }

    // A delegate bound to the frame, not to the struct: binding StateMachine.MoveNext would box a copy.
    private void MoveNext() => RunStep();

    /// <summary>
    /// Runs the state machine up to its next await, as the loop's running frame when it tracks tasks:
    /// a task created meanwhile knows which method created it without a stack walk (see <see cref="EventLoop.RunningSite"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunStep()
    {
        EventLoop loop = Loop;
        if (!loop.Tracking)
        {
            StateMachine.MoveNext();
            return;
        }

        // The method's site number, not the frame: integer stores, where a reference would cost a GC write
        // barrier per step. Put back after the step, so a nested frame's caller is the site again as it goes on.
        int outer = loop.RunningSite;
        loop.RunningSite = s_site;
        StateMachine.MoveNext();
        loop.RunningSite = outer;
    }

    /// <summary>
    /// The continuation given to a foreign awaiter (a .NET task, <c>ConfigureAwait(false)</c>, a socket's
    /// <c>ValueTask</c>). It may be called on any thread, or on the loop inside another task's step; the
    /// coroutine's next step must run on its loop, in its task, so anything else is posted there.
    /// </summary>
    private void ResumeFromForeign()
    {
        Extras extras = GetExtras();
        EventLoop loop = Loop;
        if (loop.IsOnLoopThread && ReferenceEquals(loop.CurrentTask, extras.ForeignOwner))
        {
            RunStep();
            return;
        }

        loop.Post(extras.MoveNext ??= MoveNext, null, extras.ForeignOwner);
    }

    private Action ForeignResumeDelegate(Type awaiter)
    {
        Extras extras = GetExtras();
        EventLoop loop = Loop;
        extras.ForeignOwner = loop.CurrentTask;
        if (loop.Debug)
        {
            extras.ForeignOwner?.NoteForeignAwait(DescribeForeignAwait(awaiter));
        }

        return extras.ResumeFromForeign ??= ResumeFromForeign;
    }

    /// <summary>Debug mode: where the coroutine awaits something foreign, for reports of cancellations held back by it.</summary>
    private static string DescribeForeignAwait(Type awaiter)
    {
        foreach (StackFrame frame in new StackTrace(2, fNeedFileInfo: true).GetFrames())
        {
            if (frame.GetMethod() is { Name: "MoveNext", DeclaringType: { } type } && type == typeof(TStateMachine))
            {
                string where = frame.GetFileName() is { } file ? $" at {Path.GetFileName(file)}:{frame.GetFileLineNumber()}" : string.Empty;
                return $"{awaiter.Name} in {s_name}(){where}";
            }
        }

        return $"{awaiter.Name} in {s_name}()";
    }


    internal override FrameSnapshot DescribeFrame() =>
        new(s_name, FrameNames.OwnerName(typeof(TStateMachine)), StateFieldValue());

    /// <summary>The inner coroutine this one is suspended awaiting: the frame its pending coroutine awaiter holds.</summary>
    internal override AioTask? AwaitedFrame()
    {
        if (IsDone)
        {
            return null;
        }

        object machine = StateMachine;
        foreach (System.Reflection.FieldInfo field in Introspected.AwaiterFields)
        {
            if (field.GetValue(machine) is IFrameAwaiter { Frame: { IsDone: false } inner })
            {
                return inner;
            }
        }

        return null;
    }

    /// <summary>The type of the awaiter the state machine holds, that is, the await it is suspended at.</summary>
    internal override Type? PendingAwaiterType()
    {
        if (IsDone)
        {
            return null;
        }

        object machine = StateMachine;
        foreach (System.Reflection.FieldInfo field in Introspected.AwaiterFields)
        {
            object? value = field.GetValue(machine);
            if (value is not null && !value.Equals(Introspected.DefaultOf(field)))
            {
                return field.FieldType;
            }
        }

        return null;
    }

    private int StateFieldValue() => Introspected.StateField?.GetValue(StateMachine) is int state ? state : -1;

    /// <summary>The state machine's fields, found once per coroutine method and only when introspected.</summary>
    private static class Introspected
    {
        private const System.Reflection.BindingFlags Fields = System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic;

        private static readonly object?[] s_defaults;

        static Introspected()
        {
            System.Reflection.FieldInfo[] all = typeof(TStateMachine).GetFields(Fields);
            StateField = all.FirstOrDefault(f => f.Name == "<>1__state");

            // The compiler keeps pending awaiters in fields named <>u__N, one per awaiter type.
            AwaiterFields = all.Where(f => f.Name.StartsWith("<>u__", StringComparison.Ordinal)).ToArray();
            s_defaults = AwaiterFields.Select(f => f.FieldType.IsValueType ? Activator.CreateInstance(f.FieldType) : null).ToArray();
        }

        public static System.Reflection.FieldInfo? StateField { get; }

        public static System.Reflection.FieldInfo[] AwaiterFields { get; }

        public static object? DefaultOf(System.Reflection.FieldInfo field) => s_defaults[Array.IndexOf(AwaiterFields, field)];
    }
}
