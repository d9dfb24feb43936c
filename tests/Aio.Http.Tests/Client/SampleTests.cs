namespace Aio.Http.Tests.Client;

/// <summary>The client samples print what they should.</summary>
[Collection("Console")]
public sealed class SampleTests
{
    [Fact]
    public void JsonApiClientSample()
    {
        TextWriter original = Console.Out;
        var captured = new StringWriter();
        Console.SetOut(captured);
        try
        {
            Aio.Samples.Net.JsonApiClient.Run();
        }
        finally
        {
            Console.SetOut(original);
        }

        Assert.Equal(
            """
            201 created #1: write the client
            201 created #2: test it against Kestrel
            201 created #3: measure it
            #2 [x] test it against Kestrel
            #3 [ ] measure it
            PATCH /todos/99 failed: 404 Not Found

            """.ReplaceLineEndings("\n"),
            captured.ToString().ReplaceLineEndings("\n"));
    }
}
