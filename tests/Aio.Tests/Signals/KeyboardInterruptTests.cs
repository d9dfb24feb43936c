using Aio.Tests.Support;

namespace Aio.Tests.Signals;

/// <summary>
/// Ctrl+C during <c>Asyncio.Run</c>, with a real SIGINT sent to a real child process: the twin's driver
/// (Twins/keyboard_interrupt.py) signals tests/Aio.SignalChild the way it signals CPython running the
/// same program, and the two transcripts must match: the main task's <c>finally</c> runs,
/// <see cref="KeyboardInterrupt"/> comes out of <c>Run</c>, and uncaught it ends the process by SIGINT
/// after printing <c>KeyboardInterrupt</c>.
/// </summary>
public class KeyboardInterruptTests
{
    [PythonFact]
    public void CtrlC_CancelsMain_RunsFinally_RaisesKeyboardInterrupt_AsCPython()
    {
        string child = Path.Combine(AppContext.BaseDirectory, "Aio.SignalChild.dll");
        string driver = Path.Combine(Twin.Directory, "keyboard_interrupt.py");
        (int exit, string output) = CPython.Run(driver, TimeSpan.FromSeconds(60), "--child", "dotnet", child);
        Assert.Equal(0, exit);
        Assert.Equal(Twin.Expected("keyboard_interrupt"), output);
    }
}
