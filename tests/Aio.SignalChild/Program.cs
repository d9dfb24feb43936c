using Aio;

// The same program as tests/Aio.Tests/Twins/keyboard_interrupt.py: prints "ready", sleeps until a
// signal arrives, and prints from its finally block. The mode says what kind of main runs and whether
// the caller catches KeyboardInterrupt.
string mode = args.Length > 0 ? args[0] : "coroutine";
switch (mode)
{
    case "coroutine":
        Asyncio.Run(Main());
        break;
    case "task":
        Asyncio.Run(async () => await Main());
        break;
    case "catch":
        try
        {
            Asyncio.Run(Main());
        }
        catch (KeyboardInterrupt)
        {
            Console.WriteLine("caught KeyboardInterrupt");
        }

        break;
    default:
        Console.Error.WriteLine($"unknown mode {mode}");
        return 2;
}

Console.WriteLine("main returned");
return 0;

static async Coroutine Main()
{
    try
    {
        Console.WriteLine("ready");
        await Asyncio.Sleep(100);
    }
    finally
    {
        Console.WriteLine("cleanup");
    }
}
