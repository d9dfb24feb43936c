using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aio.Http.Tests.Client;

/// <summary>
/// A Kestrel server on a loopback port chosen by the system, with the endpoints the client tests use,
/// counting connections as Kestrel sees them (so reuse is measured at the server, not assumed).
/// </summary>
public sealed class KestrelHost : IAsyncLifetime
{
    private WebApplication? _app;
    private int _open;
    private int _maxOpen;
    private int _connections;

    public int Port { get; private set; }

    /// <summary>The https port (a self-signed certificate for <c>localhost</c>, see <see cref="Certificate"/>).</summary>
    public int TlsPort { get; private set; }

    public X509Certificate2 Certificate { get; } = MakeCertificate();

    public string Url(string path) => $"http://127.0.0.1:{Port}{path}";

    public Uri BaseUri => new($"http://127.0.0.1:{Port}");

    /// <summary>Connections Kestrel has accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>The most connections open at once.</summary>
    public int MaxOpen => Volatile.Read(ref _maxOpen);

    /// <summary>Connection ids that carried each tagged request (tag from the query string).</summary>
    public ConcurrentDictionary<string, string> ConnectionOf { get; } = new();

    public void ResetCounters()
    {
        Volatile.Write(ref _maxOpen, Volatile.Read(ref _open));
        ConnectionOf.Clear();
    }

    public async Task InitializeAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Limits.MaxConcurrentConnections = null;
            k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(Certificate));
            k.Listen(IPAddress.Loopback, 0, listen => listen.Use(next => async context =>
            {
                Interlocked.Increment(ref _connections);
                int now = Interlocked.Increment(ref _open);
                int max;
                while (now > (max = Volatile.Read(ref _maxOpen)) && Interlocked.CompareExchange(ref _maxOpen, now, max) != max)
                {
                }

                try
                {
                    await next(context);
                }
                finally
                {
                    Interlocked.Decrement(ref _open);
                }
            }));
        });
        _app = builder.Build();
        KestrelEndpoints.Map(_app, this);
        await _app.StartAsync();
        ICollection<string> addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        Port = addresses.Select(a => new Uri(a)).Single(u => u.Scheme == "http").Port;
        TlsPort = addresses.Select(a => new Uri(a)).Single(u => u.Scheme == "https").Port;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private static X509Certificate2 MakeCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        using X509Certificate2 cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
    }

    internal void Tag(HttpContext context)
    {
        if (context.Request.Query["tag"].FirstOrDefault() is string tag)
        {
            ConnectionOf[tag] = context.Connection.Id;
        }
    }
}
