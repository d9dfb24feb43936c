namespace Aio;

public sealed partial class EventLoop
{
    private const int MaxSignal = 65;

    /// <summary>
    /// Calls <paramref name="callback"/> on the loop whenever the process receives <paramref name="signal"/>,
    /// instead of the signal's default action (asyncio's <c>add_signal_handler</c>). A later call for the
    /// same signal replaces the handler. Handlers are removed when the loop closes.
    /// </summary>
    /// <param name="signal">The signal number, for example <see cref="Signals.Terminate"/> or <see cref="Signals.User1"/>.</param>
    /// <param name="callback">Runs on the loop thread, like a <see cref="CallSoonThreadsafe(Action)"/> callback.</param>
    /// <exception cref="ArgumentException">The number is not a signal.</exception>
    /// <exception cref="InvalidOperationException">The signal cannot be caught (SIGKILL, SIGSTOP), or the loop is closed.</exception>
    /// <exception cref="PlatformNotSupportedException">The platform has no POSIX signals.</exception>
    public void AddSignalHandler(int signal, Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        CheckClosed();
        CheckSignal(signal);
        if (signal == Signals.Kill || signal == Signals.Stop)
        {
            throw new InvalidOperationException($"sig {signal} cannot be caught");
        }

        Reactor.SignalHandlers.Add(signal, callback);
    }

    /// <summary>Removes the handler of <paramref name="signal"/>, restoring the default action (asyncio's <c>remove_signal_handler</c>).</summary>
    /// <returns>Whether a handler was registered.</returns>
    /// <exception cref="ArgumentException">The number is not a signal.</exception>
    public bool RemoveSignalHandler(int signal)
    {
        CheckSignal(signal);
        return !IsClosed && Reactor.SignalHandlers.Remove(signal);
    }

    private static void CheckSignal(int signal)
    {
        if (signal is < 1 or >= MaxSignal)
        {
            throw new ArgumentException($"invalid signal number {signal}", nameof(signal));
        }
    }
}
