using System.Diagnostics;

namespace Aio;

/// <summary>
/// A coroutine (or a <see cref="Task"/>-returning delegate) running on the loop as a future of its own
/// (asyncio's <c>Task</c>). Its first step runs on the next loop iteration; it can be cancelled at any
/// await it is suspended at. Create tasks with <see cref="Asyncio.CreateTask(Coroutine, string?)"/>.
/// </summary>
/// <remarks>
/// Design note (docs/design/tasks.md). A coroutine's frame is itself an <see cref="AioTask"/>: awaited
/// directly it runs inline as part of its caller's task; passed to <c>CreateTask</c> it is promoted in
/// place, so a task costs one object. The loop tags every continuation it schedules with the task it
/// belongs to and makes that task current while it runs; each task also installs its own
/// <see cref="SynchronizationContext"/>, so continuations of foreign awaits come back tagged too.
/// Loop-owned awaiters record what the current task is suspended on (asyncio's <c>_fut_waiter</c>);
/// <see cref="Cancel"/> cancels that, and the await resumes with <see cref="CancelledError"/>.
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The token source has no timer; foreign code may still hold its token after the task ends.")]
public partial class AioTask : Future, IRunnable
{
    /// <summary>The ready-queue state that marks a task's first step (later steps are resumptions).</summary>
    private protected static readonly object FirstStep = new();

    private static int s_taskCounter;

    private int _number;
    private Mode _mode;
    private LoopSynchronizationContext? _context;
    private ExecutionContext? _executionContext;
    private Extras? _extras;

    /// <summary>A frame or a task body not yet scheduled; <see cref="Promote"/> makes it a task.</summary>
    private protected AioTask(EventLoop? loop)
        : base(loop)
    {
    }

    /// <summary>A task that runs a <see cref="Task"/>-returning delegate.</summary>
    internal AioTask(EventLoop loop, Func<Task> body, string? name)
        : base(loop)
    {
        GetExtras().Body = body;
        Promote(loop, name);
    }

    [Flags]
    private enum Mode : byte
    {
        None = 0,
        Task = 1,
        Consumed = 2,
        MustCancel = 4,

        /// <summary>Suspended on an await the loop does not own (a .NET task): see <see cref="ForeignWork.ParkedTasks"/>.</summary>
        ParkedForeign = 8,

        /// <summary>The step ended in a bare yield (<c>Sleep(0)</c>): queued again, not parked.</summary>
        Yielded = 16,
    }

    /// <summary>Notes that the current step ends in a bare yield, which is not a foreign await.</summary>
    internal void MarkYielded() => _mode |= Mode.Yielded;

    /// <summary>The task's name (asyncio's <c>get_name()</c>/<c>set_name()</c>); <c>Task-N</c> unless set.</summary>
    public string Name
    {
        get => _extras?.Name ?? $"Task-{_number}";
        set => GetExtras().Name = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The name given to the task, or null for the default <c>Task-N</c> (which is then not formatted).</summary>
    internal string? CustomName => _extras?.Name;

    /// <summary>The name of the coroutine or delegate the task runs (asyncio's <c>get_coro()</c> shows the coroutine).</summary>
    public virtual string BodyName => _extras?.Body switch
    {
        Delegate d => CompilerNames.OfMethod(d.Method),
        Task t => CompilerNames.OfTask(t),
        _ => "Task",
    };

    /// <summary>Whether this object runs as a task, as opposed to a coroutine awaited inline.</summary>
    internal bool IsTask => (_mode & Mode.Task) != 0;

    /// <summary>Position in the loop's table of pending tasks, or -1.</summary>
    internal int LiveIndex { get; set; } = -1;

    /// <summary>Creation order, for listings.</summary>
    internal int Number => _number;

    internal override object? ResultObject => null;

    /// <summary>Describes the task as asyncio's repr does.</summary>
    public override string ToString() =>
        IsTask
            ? $"<Task {DescribeState()} name='{Name}' coro=<{BodyName}() {(IsDone ? "done" : "running")}>{DescribeOutcome()}>"
            : $"<Coroutine {BodyName} {(IsDone ? "done" : "running")}>";

    void IRunnable.Run(object? state) => Step(state);

    /// <summary>The loop runs a ready entry whose callback is a coroutine frame (a task, or a frame awaited inside one): its next step, without the interface dispatch.</summary>
    internal void RunQueuedStep(object? state) => Step(state);

    /// <summary>
    /// Runs one step. The base class only has first steps (of a delegate body); coroutine frames
    /// also resume here after a loop-owned await.
    /// </summary>
    private protected virtual void Step(object? state)
    {
        if (BeginFirstStep())
        {
            StartDelegate((Func<Task>)_extras!.Body!);
        }
    }

    /// <summary>Handles what asyncio's first <c>__step</c> does before running the body.</summary>
    /// <returns>False when the body must not run: the task is done or was cancelled before it started.</returns>
    private protected bool BeginFirstStep()
    {
        if (IsDone)
        {
            return false;
        }

        if ((_mode & Mode.MustCancel) != 0)
        {
            // A task cancelled before its first step never runs its body.
            _mode &= ~Mode.MustCancel;
            FinishCancelled(_extras?.RequestedCancelMessage);
            return false;
        }

        return true;
    }

    /// <summary>Marks a coroutine as used; it runs once, awaited or as a task.</summary>
    /// <exception cref="InvalidOperationException">It was awaited or wrapped in a task before.</exception>
    internal void Consume()
    {
        if ((_mode & Mode.Consumed) != 0)
        {
            throw new InvalidOperationException($"cannot reuse already awaited coroutine {BodyName}");
        }

        _mode |= Mode.Consumed;
        _extras?.NeverAwaited?.Disarm();
    }

    /// <summary>Runs a coroutine frame up to its first suspension, as part of the awaiting task.</summary>
    private protected virtual void StartInline() => throw new InvalidOperationException("Only a coroutine can be awaited inline.");

    /// <summary>The first await of a coroutine: consume it and run it inline; tells whether it already finished.</summary>
    internal bool StartInlineAwait()
    {
        Consume();
        StartInline();
        return IsDone;
    }

    /// <summary>Sets what runs, synchronously, when a coroutine awaited inline finishes.</summary>
    internal void SetAwaiterContinuation(object continuation) => SetInlineContinuation(continuation);

    /// <summary>Makes a coroutine frame a task of <paramref name="loop"/> (asyncio's <c>create_task(coro)</c>).</summary>
    internal void PromoteCoroutine(EventLoop loop, string? name)
    {
        Consume();
        Promote(loop, name);
    }

    /// <summary>
    /// asyncio 3.12's eager start: makes a coroutine frame a task and runs its first step now, inside the
    /// caller; a coroutine that finishes without suspending is never scheduled at all.
    /// </summary>
    internal void PromoteCoroutineEager(EventLoop loop, string? name)
    {
        Consume();
        Promote(loop, name, schedule: false);
        loop.RunEagerFirstStep(this, FirstStep);
    }

    /// <summary>Resumes the caller that awaited this coroutine inline: synchronously, unless the stack is nearly exhausted.</summary>
    private protected void RunInlineContinuation()
    {
        object? continuation = TakeInlineContinuation();
        if (continuation is null)
        {
            return;
        }

        if (!System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack() && EventLoop.Running is { } loop)
        {
            // A long chain of synchronously finishing awaits: continue on the next iteration instead.
            loop.Enqueue(continuation, null, loop.CurrentTask);
            return;
        }

        if (continuation is IRunnable runnable)
        {
            runnable.Run(null);
        }
        else
        {
            ((Action)continuation)();
        }
    }

    /// <summary>A coroutine body threw: complete the task, or the inline frame and its caller.</summary>
    internal void SetFrameException(Exception exception)
    {
        if (IsTask)
        {
            CompleteWithError(exception);
        }
        else
        {
            FinishInline(exception);
            RunInlineContinuation();
        }
    }

    /// <summary>Turns the object into a task of <paramref name="loop"/>: named, listed, first step queued.</summary>
    private protected void Promote(EventLoop loop, string? name, bool schedule = true)
    {
        loop.CheckClosed();
        BindLoop(loop);
        _mode |= Mode.Task | Mode.Consumed;
        _number = Interlocked.Increment(ref s_taskCounter);
        if (name is not null)
        {
            GetExtras().Name = name;
        }

        _executionContext = ExecutionContext.Capture();
        loop.AddLiveTask(this);
        if (schedule)
        {
            loop.Enqueue(this, FirstStep, this);
        }
    }

    /// <summary>Makes this task's context current for one of its steps (called by the loop).</summary>
    internal void EnterStep()
    {
        if ((_mode & Mode.ParkedForeign) != 0)
        {
            _mode &= ~Mode.ParkedForeign;
            Loop.ForeignWork?.OnTaskUnparked();
            if (_extras?.HeldBackSince is double since)
            {
                ReportHeldBackCancellation(since);
            }
        }

        SynchronizationContext.SetSynchronizationContext(_context ??= new LoopSynchronizationContext(this));
        if (_executionContext is { } context && !ReferenceEquals(context, ExecutionContext.Capture()))
        {
            ExecutionContext.Restore(context);
        }
    }

    /// <summary>Keeps the async-local state the step left behind for the next step, and restores the loop's.</summary>
    internal void LeaveStep(ExecutionContext? loopContext)
    {
        ExecutionContext? now = ExecutionContext.Capture();
        if (!ReferenceEquals(now, _executionContext))
        {
            _executionContext = now; // stored only when it changed: a reference store costs a GC write barrier
        }
        if (loopContext is not null && !ReferenceEquals(now, loopContext))
        {
            ExecutionContext.Restore(loopContext);
        }

        if ((_mode & Mode.Yielded) != 0)
        {
            _mode &= ~Mode.Yielded;
        }
        else if (_waitingOn is null && !IsDone)
        {
            // Not waiting on anything the loop owns: on a foreign await (or queued again, which the
            // loop sees as ready work anyway). The next step ends it.
            _mode |= Mode.ParkedForeign;
            Loop.ForeignWork?.OnTaskParked();
        }
    }

    /// <summary>
    /// The body finished successfully. A cancellation requested but not yet delivered still cancels
    /// the task (asyncio: "Task is cancelled right before coro stops").
    /// </summary>
    private protected void CompleteWithSuccess()
    {
        if (IsDone)
        {
            return;
        }

        ClearWaits();
        if ((_mode & Mode.MustCancel) != 0)
        {
            _mode &= ~Mode.MustCancel;
            FinishCancelled(_extras?.RequestedCancelMessage);
            return;
        }

        FinishWithResult();
        Loop.RemoveLiveTask(this);
    }

    /// <summary>The body threw: a <see cref="CancelledError"/> (or the task's own token) cancels the task, anything else fails it.</summary>
    private protected void CompleteWithError(Exception error)
    {
        if (IsDone)
        {
            return;
        }

        ClearWaits();
        if (IsCancellation(error))
        {
            FinishCancelled(error is CancelledError ce ? ce.CancelMessage : _extras?.RequestedCancelMessage);
            return;
        }

        FinishWithException(error);
        Loop.RemoveLiveTask(this);
    }

    /// <summary>Stores a delegate body's result (typed tasks override) and completes.</summary>
    private protected virtual void CompleteWithBodyResult(Task body) => CompleteWithSuccess();

    private void StartDelegate(Func<Task> start)
    {
        Task body;
        try
        {
            body = start() ?? throw new InvalidOperationException("The task's delegate returned null instead of a Task.");
        }
        catch (Exception e)
        {
            body = Task.FromException(e);
        }

        _extras!.Body = body;
        if (body.IsCompleted)
        {
            OnBodyCompleted();
        }
        else
        {
            // Synchronously on the completing thread: an awaiter continuation would be refused inlining
            // under the loop's SynchronizationContext and hop through the thread pool, and a virtual
            // clock could jump ahead while the task's completion is on its way back.
            body.ContinueWith(
                static (_, state) => ((AioTask)state!).OnBodyTaskCompleted(),
                this,
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    private void OnBodyTaskCompleted()
    {
        if (Loop.IsOnLoopThread)
        {
            OnBodyCompleted();
        }
        else
        {
            Loop.PostThreadsafe((Action)OnBodyCompleted, null, this);
        }
    }

    private void OnBodyCompleted()
    {
        var body = (Task)_extras!.Body!;
        if (ErrorOf(body) is { } error)
        {
            CompleteWithError(error);
        }
        else
        {
            CompleteWithBodyResult(body);
        }
    }

    private static Exception? ErrorOf(Task task)
    {
        if (task.IsCompletedSuccessfully)
        {
            return null;
        }

        if (task.IsFaulted)
        {
            AggregateException all = task.Exception!;
            return all.InnerExceptions.Count == 1 ? all.InnerExceptions[0] : all;
        }

        try
        {
            task.GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            return e;
        }

        return null;
    }

    private void FinishCancelled(string? message)
    {
        TryCancelCore(message);
        Loop.RemoveLiveTask(this);
    }

    private protected Extras GetExtras() => _extras ??= new Extras();

    /// <summary>Debug mode: a coroutine just created reports itself if it is dropped without being awaited.</summary>
    internal void WatchNeverAwaited() => GetExtras().NeverAwaited = new NeverAwaitedSentinel(BodyName, CallSites.Capture(withFileInfo: true));

    /// <summary>Debug mode: records the foreign await the task is about to be suspended at.</summary>
    internal void NoteForeignAwait(string site) => GetExtras().ForeignAwaitSite = site;

    /// <summary>Debug mode: a cancellation waited for a foreign await to finish; say so, with where.</summary>
    private void ReportHeldBackCancellation(double since)
    {
        Extras extras = _extras!;
        extras.HeldBackSince = null;
        string site = extras.ForeignAwaitSite ?? (extras.Body is Task ? $"inside the Task-returning body {BodyName}" : "unknown");
        Log.CancellationHeldBack(EventLoop.Logger, ToString(), Loop.Time() - since, site);
    }

    /// <summary>State most tasks never need, kept out of the task object to keep it small.</summary>
    private protected sealed class Extras
    {
        /// <summary>A coroutine frame's resume delegate, made on its first foreign (non-loop) await.</summary>
        public Action? MoveNext { get; set; }

        /// <summary>A coroutine frame's continuation for foreign awaiters: resumes on the loop, in <see cref="ForeignOwner"/>.</summary>
        public Action? ResumeFromForeign { get; set; }

        /// <summary>The task a coroutine frame was running in when it suspended on a foreign await.</summary>
        public AioTask? ForeignOwner { get; set; }

        /// <summary>Debug mode: the foreign await this task is suspended at, for diagnostics.</summary>
        public string? ForeignAwaitSite { get; set; }

        /// <summary>Debug mode: loop time of a cancellation requested while the task was on a foreign await.</summary>
        public double? HeldBackSince { get; set; }

        public string? Name { get; set; }

        /// <summary>Debug mode: where the task was created, kept past its end for late reports (an unretrieved exception).</summary>
        public string? CreationSite { get; set; }

        /// <summary>Debug mode: reports the coroutine if it is collected without having been awaited.</summary>
        public NeverAwaitedSentinel? NeverAwaited { get; set; }

        public string? RequestedCancelMessage { get; set; }

        /// <summary>The innermost cancel scope the task is in (docs/design/structured.md).</summary>
        public CancelScope? CancelScope { get; set; }

        /// <summary>The scope a pending (undelivered) cancellation came from; see <see cref="PendingCancelFromRoot"/>.</summary>
        public CancelScope? PendingCancelOrigin { get; set; }

        /// <summary>Whether a pending cancellation came from outside every scope (<see cref="Cancel"/>): shields hold it back.</summary>
        public bool PendingCancelFromRoot { get; set; }

        public Exception? ResumeError { get; set; }

        public CancellationTokenSource? Cancellation { get; set; }

        /// <summary>The delegate of a delegate task, then the <see cref="Task"/> it returned.</summary>
        public object? Body { get; set; }
    }
}
