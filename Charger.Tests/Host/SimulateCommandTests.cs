using System.Collections.Concurrent;
using System.Text;
using Charger.Actors.Serial;
using Charger.Host.Simulate;

namespace Charger.Tests.Host;

/// <summary><c>charger simulate</c>: a real-time simulator on a pty that a serial program can talk to.</summary>
public sealed class SimulateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("charger-simulate-").FullName;

    [Fact]
    public async Task The_simulator_answers_a_serial_client_and_obeys_typed_commands()
    {
        var device = Path.Combine(_dir, "ttyESP32");
        var input = new LineFeed();
        var output = new StringWriter();
        var run = Task.Run(() => SimulateCommand.RunAsync(device, input, TextWriter.Synchronized(output), CancellationToken.None));

        await WaitFor(() => File.Exists(device) || run.IsCompleted);
        if (run.IsCompleted) await run; // surfaces a start-up failure
        input.Send("plug 99"); // not a real cable rating: reported, not fatal
        input.Send("plug 20");
        using var port = LinuxSerialPort.Open(new SerialPortSettings { Path = device });
        var received = new StringBuilder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        // The ESP32 boots for about 2 s; ask for status until a STAT with the plugged cable comes back.
        port.Write([0x41, 0x00, 0x2C, 0x00, 0x10]);
        await foreach (var chunk in port.Input.ReadAllAsync(timeout.Token))
        {
            received.Append(Encoding.ASCII.GetString(chunk.Span));
            if (received.ToString().Contains("CABLE=20;", StringComparison.Ordinal)) break;
            if (received.ToString().Contains("READSTAT", StringComparison.Ordinal) || received.ToString().Contains("Kart 9", StringComparison.Ordinal))
            {
                received.Replace("READSTAT", "readstat-seen").Replace("Kart 9", "kart-9-seen");
                port.Write([0x41, 0x00, 0x2C, 0x00, 0x10]);
            }
        }
        Assert.Contains("STATE=2;", received.ToString());

        input.Send("status");
        input.Send("bogus");
        input.Send("quit");
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(10)));
        var text = output.ToString();
        Assert.Contains($"ESP32 simulator on {device}", text);
        Assert.Contains("cable plugged (20 A rating)", text);
        Assert.Contains("<STAT;", text);
        Assert.Contains("unknown command 'bogus'", text);
        Assert.Contains("error:", text);
        Assert.False(File.Exists(device)); // the device goes away with the simulator
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition()) await Task.Delay(10, timeout.Token); // polling a file appearing: no event to await
    }

    /// <summary>A TextReader fed line by line by the test, like a person typing.</summary>
    private sealed class LineFeed : TextReader
    {
        private readonly BlockingCollection<string> _lines = [];

        public void Send(string line) => _lines.Add(line);

        public override string? ReadLine() => _lines.Take();

        public override ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken) =>
            ValueTask.FromResult<string?>(_lines.Take(cancellationToken));

        public override Task<string?> ReadLineAsync() => Task.FromResult<string?>(_lines.Take());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
