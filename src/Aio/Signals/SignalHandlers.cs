using System.Runtime.InteropServices;

namespace Aio;

/// <summary>
/// A loop's signal handlers (asyncio's <c>_signal_handlers</c>): each is a .NET
/// <see cref="PosixSignalRegistration"/> whose handler, on the runtime's signal thread, cancels the
/// default action and posts the callback to the loop. The reactor owns this table, so closing the
/// loop removes the handlers, as asyncio's <c>close()</c> does.
/// </summary>
internal sealed class SignalHandlers : IDisposable
{
    private readonly EventLoop _loop;
    private readonly Dictionary<int, PosixSignalRegistration> _registrations = [];
    private readonly Lock _lock = new();

    public SignalHandlers(EventLoop loop)
    {
        _loop = loop;
    }

    public void Add(int signal, Action callback)
    {
        var handle = new CallbackHandle(_loop, callback, null);
        PosixSignalRegistration registration = PosixSignalRegistration.Create(ToPosixSignal(signal), context =>
        {
            context.Cancel = true;
            try
            {
                _loop.PostThreadsafe(handle, null, null);
            }
            catch (InvalidOperationException)
            {
                // The loop closed while the signal arrived.
            }
        });
        lock (_lock)
        {
            if (_registrations.Remove(signal, out PosixSignalRegistration? previous))
            {
                previous.Dispose();
            }

            _registrations[signal] = registration;
        }
    }

    public bool Remove(int signal)
    {
        lock (_lock)
        {
            if (!_registrations.Remove(signal, out PosixSignalRegistration? registration))
            {
                return false;
            }

            registration.Dispose();
            return true;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (PosixSignalRegistration registration in _registrations.Values)
            {
                registration.Dispose();
            }

            _registrations.Clear();
        }
    }

    /// <summary>The named <see cref="PosixSignal"/> where .NET has one (it handles those specially), else the raw number.</summary>
    private static PosixSignal ToPosixSignal(int signal)
    {
        if (signal == Signals.Hangup)
        {
            return PosixSignal.SIGHUP;
        }

        if (signal == Signals.Interrupt)
        {
            return PosixSignal.SIGINT;
        }

        if (signal == Signals.Quit)
        {
            return PosixSignal.SIGQUIT;
        }

        return signal == Signals.Terminate ? PosixSignal.SIGTERM : (PosixSignal)signal;
    }
}
