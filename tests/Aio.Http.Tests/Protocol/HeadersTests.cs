using Aio.Http.Protocol;

namespace Aio.Http.Tests.Protocol;

public sealed class HeadersTests
{
    [Fact]
    public void Headers_AreCaseInsensitiveMultiValuedAndOrdered()
    {
        var headers = new HttpHeaders { { "A", "1" }, { "B", "2" }, { "a", "3" } };
        Assert.Equal(3, headers.Count);
        Assert.Equal("1", headers["a"]);
        Assert.Equal(new[] { "1", "3" }, headers.GetAll("A"));
        Assert.Equal(new[] { "A", "B", "a" }, headers.Select(h => h.Key));
        headers.Set("A", "9");
        Assert.Equal(new[] { "A:9", "B:2" }, headers.Select(h => h.Key + ":" + h.Value));
        Assert.True(headers.Remove("b"));
        Assert.False(headers.Contains("B"));
        headers["c"] = "x";
        Assert.Equal("x", headers["C"]);
        headers["c"] = null;
        Assert.Null(headers["c"]);
    }

    [Theory]
    [InlineData("X", "a\r\nInjected: 1")]
    [InlineData("X", "a\nb")]
    [InlineData("X", "a\u0000")]
    [InlineData("X", "\u0100")]
    [InlineData("X Y", "a")]
    [InlineData("X:Y", "a")]
    [InlineData("", "a")]
    public void Add_InvalidNameOrValue_Throws(string name, string value) =>
        Assert.Throws<ArgumentException>(() => new HttpHeaders().Add(name, value));
}
