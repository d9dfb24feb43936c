using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Aio;

/// <summary>
/// A block of code that can be cancelled as a unit (trio's <c>CancelScope</c>): explicitly with
/// <see cref="Cancel"/>, or when its <see cref="Deadline"/> passes. Cancellation is level-triggered:
/// once the scope is cancelled, every Aio await inside it raises <see cref="CancelledError"/> until the
/// block exits, even if the code caught and swallowed the first one. The scope catches its own
/// cancellation when the block exits (<see cref="CancelledCaught"/>); a cancellation from outside
/// (an outer scope, <see cref="AioTask.Cancel"/>, <see cref="Asyncio.Timeout(double?)"/>) passes on.
/// </summary>
/// <remarks>
/// Design note (docs/design/structured.md). A scope is entered by <see cref="RunAsync(Func{CancelScope, Coroutine})"/>
/// in the current task and nests inside the scope that task is in; a <see cref="TaskGroup"/> opened
/// inside it makes the group's tasks part of it too. Cancelling sends one counted cancellation request
/// (<see cref="AioTask.Cancelling"/>) to each task inside and not shielded from it, so asyncio code
/// sees an ordinary cancellation; the scope withdraws its requests (<see cref="AioTask.Uncancel"/>)
/// when it exits. After that first request, each await the task makes inside the scope is cancelled
/// as it suspends. A <see cref="Shield"/>ed scope holds back cancellation from outside it, including
/// <see cref="AioTask.Cancel"/>: it is delivered at the first await after the shielded block exits.
/// The body is a delegate because C# does not let <c>DisposeAsync</c> see, let alone swallow, the
/// exception leaving a block.
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class CancelScope
{
    private State _state;
    private double _deadline;
    private bool _shield;
    private bool _cancelCalled;

    // A task group's wait for its children: cancelled scopes outside it neither re-raise at each of its
    // awaits nor send it requests (the children got them already). Requests still reach it, as they
    // do in asyncio (a timeout, a child's failure, task.Cancel()): the group handles them itself.
    private bool _quiet;
    private AioTask? _owner;
    private CancelScope? _parent;
    private HashSet<CancelScope>? _children;
    private HashSet<AioTask>? _tasksHere;
    private TimerHandle? _timer;
    private Handle? _soon;
    private int _requestsToOwner;
    private int _baseline;

    /// <summary>A scope with a deadline in loop time (<see cref="double.PositiveInfinity"/> for none), optionally shielded.</summary>
    /// <exception cref="ArgumentException">The deadline is NaN.</exception>
    public CancelScope(double deadline = double.PositiveInfinity, bool shield = false)
    {
        CheckDeadline(deadline, nameof(deadline));
        _deadline = deadline;
        _shield = shield;
    }

    /// <summary>A scope that stops level-triggered cancellation from the scopes around it, but no request.</summary>
    internal static CancelScope Quiet() => new() { _quiet = true };

    private enum State
    {
        Created,
        Entered,
        Exited,
    }

    /// <summary>
    /// The loop time at which the scope cancels itself (trio's <c>deadline</c>); <see cref="double.PositiveInfinity"/>
    /// for none. It can be read and moved at any time, earlier or later, before or while the block runs.
    /// </summary>
    /// <exception cref="ArgumentException">NaN.</exception>
    public double Deadline
    {
        get => _deadline;
        set
        {
            CheckDeadline(value, nameof(value));
            _deadline = value;
            if (_state == State.Entered)
            {
                ScheduleDeadline();
            }
        }
    }

    /// <summary>
    /// Whether cancellation from outside the scope is held back while the block runs (trio's <c>shield</c>).
    /// Turning it off while an outer scope is cancelled delivers that cancellation at once.
    /// </summary>
    public bool Shield
    {
        get => _shield;
        set
        {
            _shield = value;
            if (!value && _state == State.Entered && _parent is not null && FindCancelledAncestor(_parent) is { } origin)
            {
                origin.Deliver(this);
            }
        }
    }

    /// <summary>Whether <see cref="Cancel"/> was called or the deadline passed (trio's <c>cancel_called</c>).</summary>
    public bool CancelCalled => _cancelCalled;

    /// <summary>Whether the block ended with this scope's cancellation, which the scope caught (trio's <c>cancelled_caught</c>).</summary>
    public bool CancelledCaught { get; private set; }

    /// <summary>The tasks in this scope and the scopes inside it, not shielded from it, for introspection.</summary>
    internal IEnumerable<AioTask> Tasks => _tasksHere ?? Enumerable.Empty<AioTask>();

    /// <summary>
    /// Cancels the scope (trio's <c>cancel()</c>): every task in it raises <see cref="CancelledError"/> at
    /// its current await and at every later one until the block exits. Idempotent; allowed before the
    /// block starts (it is then cancelled from its first await) and after it exits (no effect).
    /// </summary>
    public void Cancel()
    {
        if (_cancelCalled || _state == State.Exited)
        {
            return;
        }

        _cancelCalled = true;
        CancelTimer();
        if (_state == State.Entered)
        {
            Deliver(this);
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/> inside the scope in the current task, and catches this scope's
    /// cancellation when it leaves the body (check <see cref="CancelledCaught"/>). A scope runs once.
    /// </summary>
    /// <exception cref="InvalidOperationException">Not called from a task, or the scope was already used.</exception>
    public Coroutine RunAsync(Func<CancelScope, Coroutine> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return RunVoid(body);
    }

    /// <summary>Runs <paramref name="body"/> inside the scope; returns its result, or <c>default</c> if the scope caught its cancellation.</summary>
    public Coroutine<T?> RunAsync<T>(Func<CancelScope, Coroutine<T>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Run(body);
    }

    /// <summary>Describes the scope: its state, deadline and shield.</summary>
    public override string ToString()
    {
        string state = _state switch
        {
            State.Created => "unbound",
            State.Entered => _cancelCalled ? "active, cancelled" : "active",
            _ => _cancelCalled ? "exited, cancelled" : "exited",
        };
        string deadline = double.IsPositiveInfinity(_deadline) ? string.Empty : $" deadline={Math.Round(_deadline, 3)}";
        return $"<CancelScope [{state}]{deadline}{(_shield ? " shielded" : string.Empty)}>";
    }

    /// <summary>Whether a task whose innermost scope is <paramref name="scope"/> is cancelled by a scope it is not shielded from.</summary>
    internal static bool IsCancelledFor(CancelScope scope)
    {
        for (CancelScope? s = scope; s is not null; s = s._parent)
        {
            if (s._cancelCalled)
            {
                return true;
            }

            if (s._shield || s._quiet)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a shielded scope between <paramref name="task"/>'s innermost scope and <paramref name="origin"/>
    /// (exclusive) holds back a request from it. A null origin is the task itself (an asyncio cancel):
    /// the task's own scopes are searched.
    /// </summary>
    internal static bool ShieldsTaskFrom(CancelScope innermost, AioTask task, CancelScope? origin)
    {
        for (CancelScope? s = innermost; s is not null; s = s._parent)
        {
            if (ReferenceEquals(s, origin) || (origin is null && !ReferenceEquals(s._owner, task)))
            {
                return false;
            }

            if (s._shield)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Makes <paramref name="task"/> (a task group's child) start inside this scope.</summary>
    internal void Adopt(AioTask task)
    {
        task.CancelScope = this;
        (_tasksHere ??= new HashSet<AioTask>(ReferenceEqualityComparer.Instance)).Add(task);
        if (IsCancelledFor(this) && FindCancelledAncestor(this) is { } origin)
        {
            task.RequestCancel(null, origin);
        }
    }

    /// <summary>A child task finished: it is no longer in this scope.</summary>
    internal void Release(AioTask task) => _tasksHere?.Remove(task);

    /// <summary>Enters the scope in the current task (trio's <c>__enter__</c>).</summary>
    internal void Enter()
    {
        if (_state != State.Created)
        {
            throw new InvalidOperationException("Each CancelScope may only be used once.");
        }

        EventLoop loop = Asyncio.GetRunningLoop();
        AioTask task = loop.CurrentTask ?? throw new InvalidOperationException("A CancelScope must be entered inside a task.");
        _owner = task;
        _parent = task.CancelScope;
        _parent?._tasksHere?.Remove(task);
        if (_parent is not null)
        {
            (_parent._children ??= new HashSet<CancelScope>(ReferenceEqualityComparer.Instance)).Add(this);
        }

        (_tasksHere ??= new HashSet<AioTask>(ReferenceEqualityComparer.Instance)).Add(task);
        task.CancelScope = this;
        _baseline = task.Cancelling();
        _state = State.Entered;
        if (_cancelCalled)
        {
            Deliver(this);
        }
        else
        {
            ScheduleDeadline();
        }
    }

    /// <summary>
    /// Leaves the scope (trio's <c>__exit__</c>) with the exception leaving the block: returns null
    /// when this scope caught its own cancellation, otherwise the exception to raise.
    /// </summary>
    internal Exception? Exit(Exception? error)
    {
        AioTask task = _owner!;
        if (!ReferenceEquals(task.CancelScope, this))
        {
            throw new InvalidOperationException($"{this} exited out of order: the scope inside it is still open.");
        }

        CancelTimer();
        _state = State.Exited;
        _tasksHere?.Remove(task);
        task.CancelScope = _parent;
        if (_parent is not null)
        {
            _parent._children?.Remove(this);
            (_parent._tasksHere ??= new HashSet<AioTask>(ReferenceEqualityComparer.Instance)).Add(task);
        }

        // Whether a cancellation from outside is still meant to reach the code after the block.
        bool outerVisible = !_shield && !_quiet && _parent is not null && IsCancelledFor(_parent);
        for (; _requestsToOwner > 0; _requestsToOwner--)
        {
            task.Uncancel();
        }

        if (_shield)
        {
            task.OnShieldExited();
        }

        bool cancellation = error is CancelledError || (error is OperationCanceledException && task.IsOwnTokenCancellation(error));
        if (cancellation && _cancelCalled && !outerVisible && task.Cancelling() <= _baseline)
        {
            CancelledCaught = true;
            return null;
        }

        return error;
    }

    private async Coroutine RunVoid(Func<CancelScope, Coroutine> body)
    {
        Enter();
        Exception? error = null;
        try
        {
            await body(this);
        }
        catch (Exception e)
        {
            error = e;
        }

        if (Exit(error) is { } raise)
        {
            ExceptionDispatchInfo.Throw(raise);
        }
    }

    private async Coroutine<T?> Run<T>(Func<CancelScope, Coroutine<T>> body)
    {
        Enter();
        Exception? error = null;
        T? result = default;
        try
        {
            result = await body(this);
        }
        catch (Exception e)
        {
            error = e;
        }

        if (Exit(error) is { } raise)
        {
            ExceptionDispatchInfo.Throw(raise);
        }

        return result;
    }

    /// <summary>Sends one cancellation request, on behalf of this scope, to every task in <paramref name="scope"/>'s subtree not shielded from it.</summary>
    private void Deliver(CancelScope scope)
    {
        if (scope._tasksHere is { } tasks)
        {
            foreach (AioTask task in tasks.ToArray())
            {
                if (ReferenceEquals(task, _owner))
                {
                    _requestsToOwner++;
                }

                task.RequestCancel(null, this);
            }
        }

        if (scope._children is { } children)
        {
            foreach (CancelScope child in children.ToArray())
            {
                if (!child._shield && !child._quiet)
                {
                    Deliver(child);
                }
            }
        }
    }

    private static CancelScope? FindCancelledAncestor(CancelScope scope)
    {
        for (CancelScope? s = scope; s is not null; s = s._parent)
        {
            if (s._cancelCalled)
            {
                return s;
            }

            if (s._shield || s._quiet)
            {
                return null;
            }
        }

        return null;
    }

    private void ScheduleDeadline()
    {
        CancelTimer();
        if (_cancelCalled || double.IsPositiveInfinity(_deadline))
        {
            return;
        }

        EventLoop loop = _owner!.Loop;
        if (_deadline <= loop.Time())
        {
            _soon = loop.CallSoon(Cancel);
        }
        else
        {
            _timer = loop.CallAt(_deadline, Cancel);
        }
    }

    private void CancelTimer()
    {
        _timer?.Cancel();
        _timer = null;
        _soon?.Cancel();
        _soon = null;
    }

    private static void CheckDeadline(double deadline, string name)
    {
        if (double.IsNaN(deadline))
        {
            throw new ArgumentException("The deadline must be a loop time or PositiveInfinity, not NaN.", name);
        }
    }
}
