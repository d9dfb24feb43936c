namespace Aio.Http.Tests;

public sealed class ProjectTests
{
    [Fact]
    public void VersionsAreNumberedAsOnTheWire() => Assert.Equal(11, (int)HttpProtocolVersion.Http11);
}
