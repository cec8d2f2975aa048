using System.Net;
using System.Net.Sockets;
using System.Text;

namespace VolNotebooks.Tests.Data.Yahoo;

/// <summary>A scripted HTTP server on 127.0.0.1 serving recorded responses; it never reaches the network.</summary>
internal sealed class LoopbackServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<HttpListenerRequest, int, Reply> _respond;
    private readonly Task _loop;
    private readonly List<string> _requests = [];

    public LoopbackServer(Func<HttpListenerRequest, int, Reply> respond)
    {
        _respond = respond;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(BaseAddress.ToString());
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri BaseAddress { get; }

    /// <summary>Path and query of every request received, in order.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests) return [.. _requests];
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            int index;
            lock (_requests)
            {
                _requests.Add(context.Request.Url!.PathAndQuery);
                index = _requests.Count - 1;
            }

            _ = Task.Run(async () =>
            {
                var reply = _respond(context.Request, index);
                try
                {
                    if (reply.Delay > TimeSpan.Zero) await Task.Delay(reply.Delay);
                    context.Response.StatusCode = reply.Status;
                    foreach (var (name, value) in reply.Headers ?? []) context.Response.Headers[name] = value;
                    context.Response.ContentType = "application/json;charset=utf-8";
                    var bytes = Encoding.UTF8.GetBytes(reply.Body);
                    if (reply.TruncateAfter is int cut)
                    {
                        context.Response.ContentLength64 = bytes.Length;
                        await context.Response.OutputStream.WriteAsync(bytes.AsMemory(0, cut));
                        context.Response.Abort();
                        return;
                    }

                    context.Response.ContentLength64 = bytes.Length;
                    await context.Response.OutputStream.WriteAsync(bytes);
                    context.Response.Close();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or IOException)
                {
                }
            });
        }
    }

    public void Dispose()
    {
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }

    public sealed record Reply(int Status, string Body, TimeSpan Delay = default, IReadOnlyList<(string, string)>? Headers = null, int? TruncateAfter = null);
}
