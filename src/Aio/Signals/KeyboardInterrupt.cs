namespace Aio;

/// <summary>
/// Raised by <see cref="Asyncio.Run(Coroutine, bool, Func{EventLoop}?)"/> (and <see cref="Runner"/>)
/// when Ctrl+C (SIGINT) cancelled the main task and the task ended cancelled, as Python raises
/// <c>KeyboardInterrupt</c> out of <c>asyncio.run()</c>. The main task's <c>finally</c> blocks and the
/// runner's cleanup have run by then. Left uncaught, it ends the process the way Python does: one line,
/// <c>KeyboardInterrupt</c>, on standard error and death by SIGINT (a shell reports status 130), without an unhandled-exception dump.
/// </summary>
public sealed class KeyboardInterrupt : Exception
{
    private static int s_handlerInstalled;

    /// <summary>Creates the exception.</summary>
    public KeyboardInterrupt()
        : base("KeyboardInterrupt")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public KeyboardInterrupt(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause (the main task's <see cref="CancelledError"/>).</summary>
    public KeyboardInterrupt(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The process exit status of an uncaught <see cref="KeyboardInterrupt"/>: 128 + SIGINT, as shells report Python's.</summary>
    public const int ExitCode = 130;

    /// <summary>
    /// Ends the process killed by SIGINT, as CPython does for an uncaught <c>KeyboardInterrupt</c>, so that
    /// a parent sees a signal death (a shell's loop stops on Ctrl+C) rather than an ordinary exit.
    /// Where that cannot be done, exits with status <see cref="ExitCode"/>.
    /// </summary>
    private static void ExitBySigint()
    {
        const int Sigint = 2;
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            // The runtime's own SIGINT handler would turn the signal into a Ctrl+C event again: restore
            // the default disposition first (SIG_DFL is 0), then raise.
            Native.Libc.signal(Sigint, 0);
            Native.Libc.kill(Environment.ProcessId, Sigint);
        }

        Environment.Exit(ExitCode);
    }

    /// <summary>Makes an uncaught <see cref="KeyboardInterrupt"/> end the process as Python's does (once per process).</summary>
    internal static void InstallUnhandledHandler()
    {
        if (Interlocked.Exchange(ref s_handlerInstalled, 1) == 0)
        {
            AppDomain.CurrentDomain.UnhandledException += static (_, e) =>
            {
                if (e.ExceptionObject is KeyboardInterrupt)
                {
                    Console.Out.Flush();
                    Console.Error.WriteLine("KeyboardInterrupt");
                    Console.Error.Flush();
                    ExitBySigint();
                }
            };
        }
    }
}
