namespace Aio;

/// <summary>POSIX signal numbers, for <see cref="EventLoop.AddSignalHandler"/> and <see cref="AioProcess.SendSignal"/>.</summary>
public static class Signals
{
    /// <summary>SIGHUP.</summary>
    public const int Hangup = 1;

    /// <summary>SIGINT.</summary>
    public const int Interrupt = 2;

    /// <summary>SIGQUIT.</summary>
    public const int Quit = 3;

    /// <summary>SIGKILL.</summary>
    public const int Kill = 9;

    /// <summary>SIGTERM.</summary>
    public const int Terminate = 15;

    /// <summary>SIGUSR1 (10 on Linux, 30 on macOS).</summary>
    public static int User1 { get; } = OperatingSystem.IsLinux() ? 10 : 30;

    /// <summary>SIGUSR2 (12 on Linux, 31 on macOS).</summary>
    public static int User2 { get; } = OperatingSystem.IsLinux() ? 12 : 31;

    /// <summary>SIGSTOP (19 on Linux, 17 on macOS): like SIGKILL, it cannot be caught.</summary>
    internal static int Stop { get; } = OperatingSystem.IsLinux() ? 19 : 17;
}
