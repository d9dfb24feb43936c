using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Aio.Monitor.Console;

/// <summary>
/// The console's commands (aiomonitor's set, plus <c>top</c>): each takes the words of one line and
/// returns the text to print. Task data is asked of the application's loop through the
/// <see cref="LoopProbe"/>; when the loop is blocked, the answer says so first.
/// </summary>
internal sealed partial class ConsoleCommands(AioMonitor monitor)
{
    private const string Help = """
        Commands:
          help                       this list
          ps [TEXT] [--sort KEY]     live tasks; TEXT filters by name or state; KEY is id, name, state, busy or age
          where ID                   the coroutine chain task ID is suspended in, outermost first, and what it awaits
          cancel ID                  cancels task ID (it sees CancelledError at its await)
          ps-terminated | pst        recently finished tasks
          where-terminated ID | wt ID  how finished task ID ended, and who cancelled it from where
          stacktrace | st            what the loop's thread is running now
          signal NAME                sends signal NAME (SIGINT, SIGTERM, SIGUSR1, ...) to this process
          top                        tasks by busy time, with steps and the longest step
          loop                       the loop's state: running, blocked, ready queue, timers, tasks
          exit | quit                closes this console
        """;

    private LoopProbe Probe => monitor.Probe;

    private EventLoop Loop => monitor.Loop;

    public async Coroutine<(string Output, bool Exit)> ExecuteAsync(string line)
    {
        string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0)
        {
            return (string.Empty, false);
        }

        string[] args = words[1..];
        try
        {
            return words[0].ToLowerInvariant() switch
            {
                "help" or "?" => (Help, false),
                "ps" => (await PsAsync(args), false),
                "where" or "w" => (await WhereAsync(args), false),
                "cancel" => (await CancelAsync(args), false),
                "ps-terminated" or "pst" => (await PsTerminatedAsync(), false),
                "where-terminated" or "wt" => (await WhereTerminatedAsync(args), false),
                "stacktrace" or "st" => (await StacktraceAsync(), false),
                "signal" => (Signal(args), false),
                "top" => (await TopAsync(), false),
                "loop" => (await LoopAsync(), false),
                "exit" or "quit" => ("bye\n", true),
                _ => ($"error: unknown command '{words[0]}'; type help for the list", false),
            };
        }
        catch (UsageException e)
        {
            return ($"error: {e.Message}", false);
        }
    }

    private async Coroutine<string> PsAsync(string[] args)
    {
        string? filter = null;
        string sort = "id";
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] is "--sort" or "-s")
            {
                sort = i + 1 < args.Length ? args[++i].ToLowerInvariant() : throw new UsageException("--sort needs a key: id, name, state, busy or age");
            }
            else
            {
                filter = filter is null ? args[i] : $"{filter} {args[i]}";
            }
        }

        if (!TaskQuery.IsSortKey(sort))
        {
            throw new UsageException($"unknown sort key '{sort}'; use {TaskQuery.SortKeys}");
        }

        (IReadOnlyList<TaskSnapshot> tasks, bool fromLoop) = await Probe.AskAsync(Loop.GetTaskSnapshots);
        IEnumerable<TaskSnapshot> shown = TaskQuery.Apply(tasks, filter, sort);

        var table = new Table("ID", "STATE", "NAME", "COROUTINE", "AWAITING", "CREATED AT");
        int count = 0;
        foreach (TaskSnapshot task in shown)
        {
            count++;
            table.Add(
                task.Id.ToString(CultureInfo.InvariantCulture),
                task.State,
                task.Name,
                task.Chain.Count > 0 ? task.Chain[0].Method : "-",
                task.Awaiting?.Description ?? "-",
                task.CreationSite ?? "-");
        }

        return $"{Header(fromLoop)}{table}{count} task{(count == 1 ? string.Empty : "s")}{(filter is null ? string.Empty : $" matching '{filter}'")} of {tasks.Count}\n";
    }

    private async Coroutine<string> WhereAsync(string[] args)
    {
        int id = ParseId(args, "where");
        (TaskSnapshot? task, bool fromLoop) = await Probe.AskAsync(() => Loop.AllTasks().FirstOrDefault(t => t.Id == id)?.Snapshot());
        if (task is null)
        {
            return $"error: no live task with id {id} (ps lists them; finished ones: where-terminated {id})";
        }

        var text = new StringBuilder(Header(fromLoop));
        text.Append(CultureInfo.InvariantCulture, $"Task {task.Id} '{task.Name}' ({task.State})\n");
        if (task.ParentName is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"  created by: {task.ParentName} (Task-{task.ParentId})\n");
        }

        if (task.CreationSite is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"  created at: {task.CreationSite}\n");
        }

        text.Append("Coroutine chain (outermost first):\n");
        for (int i = 0; i < task.Chain.Count; i++)
        {
            FrameSnapshot frame = task.Chain[i];
            text.Append(CultureInfo.InvariantCulture, $"  {i}: {frame}{(frame.AwaitIndex >= 0 ? $" (await #{frame.AwaitIndex})" : string.Empty)}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"Awaiting: {task.Awaiting?.Description ?? "nothing (ready to run)"}\n");
        if (task.Counters is { } c)
        {
            text.Append(CultureInfo.InvariantCulture, $"Counters: steps {c.Steps}, busy {Seconds(c.BusySeconds)}, idle {Seconds(c.IdleSeconds)}, longest step {Seconds(c.LongestStepSeconds)}, since last step {Seconds(c.SinceLastStepSeconds)}\n");
        }

        return text.ToString();
    }

    private async Coroutine<string> CancelAsync(string[] args)
    {
        int id = ParseId(args, "cancel");
        if (Probe.BlockedFor is { } blocked)
        {
            Probe.Post(() => Loop.AllTasks().FirstOrDefault(t => t.Id == id)?.Cancel("cancelled from the monitor"));
            return $"the loop is blocked ({Seconds(blocked.TotalSeconds)}); the cancellation of task {id} is queued and happens when it turns again";
        }

        (string? name, _) = await Probe.AskAsync(() =>
        {
            AioTask? task = Loop.AllTasks().FirstOrDefault(t => t.Id == id);
            return task is not null && task.Cancel("cancelled from the monitor") ? task.Name : null;
        });
        return name is null ? $"error: no live task with id {id}" : $"cancelled task {id} '{name}'";
    }

    private async Coroutine<string> PsTerminatedAsync()
    {
        (IReadOnlyList<TerminatedTaskSnapshot> ended, bool fromLoop) = await Probe.AskAsync(Loop.GetTerminatedTasks);
        var table = new Table("ID", "NAME", "OUTCOME", "ENDED AT", "CANCELLED BY", "CREATED AT");
        foreach (TerminatedTaskSnapshot task in ended.Reverse())
        {
            table.Add(task.Id.ToString(CultureInfo.InvariantCulture), task.Name, task.Error is null ? task.Outcome : $"{task.Outcome} ({task.Error})", task.EndedAt.ToString("F3", CultureInfo.InvariantCulture), task.CancelledBy ?? "-", task.CreationSite ?? "-");
        }

        return $"{Header(fromLoop)}{table}{ended.Count} finished task{(ended.Count == 1 ? string.Empty : "s")} remembered (newest first; the loop keeps {Loop.TerminatedHistorySize})\n";
    }

    private async Coroutine<string> WhereTerminatedAsync(string[] args)
    {
        int id = ParseId(args, "where-terminated");
        (TerminatedTaskSnapshot? task, bool fromLoop) = await Probe.AskAsync(() => Loop.GetTerminatedTasks().LastOrDefault(t => t.Id == id));
        if (task is null)
        {
            return $"error: no finished task with id {id} in the history (ps-terminated lists it)";
        }

        var text = new StringBuilder(Header(fromLoop));
        text.Append(CultureInfo.InvariantCulture, $"Task {task.Id} '{task.Name}' {task.Outcome} at {task.EndedAt:F3}{(task.Error is null ? string.Empty : $": {task.Error}")}\n");
        if (task.CreationSite is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"  created at: {task.CreationSite}\n");
        }

        if (task.CancelledBy is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"Cancelled by: {task.CancelledBy}\n");
            text.Append(CultureInfo.InvariantCulture, $"  at: {task.CancelSite}\n");
        }

        if (task.ChainAtCancel.Count > 0)
        {
            text.Append("Suspended in, when cancelled (outermost first):\n");
            for (int i = 0; i < task.ChainAtCancel.Count; i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {i}: {task.ChainAtCancel[i]}\n");
            }
        }

        return text.ToString();
    }

    private async Coroutine<string> StacktraceAsync()
    {
        (LoopSnapshot loop, bool fromLoop) = await Probe.AskAsync(Loop.GetLoopSnapshot);
        var text = new StringBuilder(Header(fromLoop));
        if (fromLoop)
        {
            text.Append("The loop's thread is idle between callbacks (it answered the monitor).\n");
            return text.ToString();
        }

        if (loop.CurrentTask is null)
        {
            text.Append("The loop's thread is inside a plain callback (no task).\n");
            return text.ToString();
        }

        TaskSnapshot? running = Loop.AllTasks().FirstOrDefault(t => t.Name == loop.CurrentTask)?.Snapshot();
        text.Append(CultureInfo.InvariantCulture, $"The loop's thread is running a step of task '{loop.CurrentTask}'");
        if (running is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" (id {running.Id}), in:\n");
            for (int i = 0; i < running.Chain.Count; i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {i}: {running.Chain[i]}\n");
            }

            text.Append("  (the innermost frame above is the one executing; .NET cannot walk another thread's native stack in-process)\n");
        }
        else
        {
            text.Append('\n');
        }

        return text.ToString();
    }

    private async Coroutine<string> TopAsync()
    {
        (IReadOnlyList<TaskSnapshot> tasks, bool fromLoop) = await Probe.AskAsync(Loop.GetTaskSnapshots);
        var table = new Table("ID", "NAME", "BUSY", "IDLE", "STEPS", "LONGEST STEP", "SINCE LAST", "LINT");
        foreach (TaskSnapshot task in tasks.OrderByDescending(t => t.Counters?.BusySeconds ?? 0))
        {
            TaskCounters? c = task.Counters;
            table.Add(
                task.Id.ToString(CultureInfo.InvariantCulture),
                task.Name,
                c is null ? "-" : Seconds(c.BusySeconds),
                c is null ? "-" : Seconds(c.IdleSeconds),
                c?.Steps.ToString(CultureInfo.InvariantCulture) ?? "-",
                c is null ? "-" : Seconds(c.LongestStepSeconds),
                c is null ? "-" : Seconds(c.SinceLastStepSeconds),
                c is not null && c.LongestStepSeconds >= Loop.SlowCallbackDuration ? "blocked the loop" : string.Empty);
        }

        string untracked = tasks.Any(t => t.Counters is null) ? "(tasks created before tracking was on show no counters)\n" : string.Empty;
        return $"{Header(fromLoop)}{table}{untracked}";
    }

    private async Coroutine<string> LoopAsync()
    {
        (LoopSnapshot loop, bool fromLoop) = await Probe.AskAsync(Loop.GetLoopSnapshot);
        return $"""
            {Header(fromLoop)}loop #{loop.LoopId}: {(loop.Running ? "running" : "not running")}{(Probe.BlockedFor is { } b ? $", BLOCKED for {Seconds(b.TotalSeconds)}" : string.Empty)}, debug {(loop.Debug ? "on" : "off")}
            time {loop.Time:F3}, iterations {loop.Iterations}, busy {Seconds(loop.BusySeconds)}
            ready callbacks {loop.ReadyCallbacks}, timers {loop.Timers}, live tasks {loop.LiveTasks}, I/O registered {(loop.IoRegistrations ? "yes" : "no")}
            current task: {loop.CurrentTask ?? "-"}

            """;
    }

    private static string Signal(string[] args)
    {
        if (args.Length != 1)
        {
            throw new UsageException("usage: signal NAME (for example signal SIGUSR1)");
        }

        string name = args[0].ToUpperInvariant();
        if (!name.StartsWith("SIG", StringComparison.Ordinal))
        {
            name = "SIG" + name;
        }

        int number = SignalNumber(name) ?? throw new UsageException($"unknown signal '{args[0]}'; known: {string.Join(", ", s_signals.Keys)}");
        if (Kill(Environment.ProcessId, number) != 0)
        {
            return $"error: kill({Environment.ProcessId}, {name}) failed with errno {Marshal.GetLastPInvokeError()}";
        }

        return $"sent {name} to process {Environment.ProcessId}";
    }

    private static readonly Dictionary<string, int> s_signals = new(StringComparer.Ordinal)
    {
        ["SIGHUP"] = 1, ["SIGINT"] = 2, ["SIGQUIT"] = 3, ["SIGUSR1"] = 10, ["SIGUSR2"] = 12, ["SIGTERM"] = 15, ["SIGWINCH"] = 28,
    };

    private static int? SignalNumber(string name) => OperatingSystem.IsLinux() && s_signals.TryGetValue(name, out int n) ? n : null;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    private static int ParseId(string[] args, string command)
    {
        if (args.Length != 1)
        {
            throw new UsageException($"usage: {command} ID (ps shows the ids)");
        }

        string text = args[0].StartsWith("Task-", StringComparison.OrdinalIgnoreCase) ? args[0][5..] : args[0];
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int id)
            ? id
            : throw new UsageException($"'{args[0]}' is not a task id (a number, as ps shows)");
    }

    private string Header(bool fromLoop)
    {
        if (Probe.BlockedFor is not { } blocked)
        {
            return fromLoop || !Loop.IsRunning ? string.Empty : "note: the loop was slow to answer; read from the monitor's thread\n";
        }

        string since = Probe.BlockedSince is { } at ? at.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture) : "?";
        return $"! loop BLOCKED for {Seconds(blocked.TotalSeconds)} (since {since} UTC): read from the monitor's thread\n";
    }

    private static string Seconds(double s) => s < 1 ? $"{s * 1000:F1} ms" : $"{s:F2} s";

    private sealed class UsageException(string message) : Exception(message);
}
