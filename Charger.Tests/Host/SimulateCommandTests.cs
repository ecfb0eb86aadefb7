using Charger.Tests.TestKit;
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
        var output = new AnnouncingWriter("ESP32 simulator on");
        var run = Task.Run(() => SimulateCommand.RunAsync(device, input, output, CancellationToken.None));

        await Task.WhenAny(output.Announced, run).WaitAsync(TimeSpan.FromSeconds(10));
        if (run.IsCompleted) await run; // surfaces a start-up failure
        input.Send("plug 99"); // not a real cable rating: reported, not fatal
        input.Send("plug 20");
        using var port = LinuxSerialPort.Open(new SerialPortSettings { Path = device });
        var received = new StringBuilder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        // The ESP32 boots for about 2 s and the plugged cable shows after two loop passes: ask for status
        // again after every answer (and at the end of boot) until a STAT shows the cable in state 2.
        byte[] readStatus = [0x41, 0x00, 0x2C, 0x00, 0x10];
        port.Write(readStatus);
        var answers = 0;
        await foreach (var chunk in port.Input.ReadAllAsync(timeout.Token))
        {
            received.Append(Encoding.ASCII.GetString(chunk.Span));
            var sofar = received.ToString();
            if (sofar.Split("\r\n").Any(l => l.Contains("CABLE=20;", StringComparison.Ordinal) && l.Contains("STATE=2;", StringComparison.Ordinal)))
                break;
            var seen = Occurrences(sofar, "CMD=READSTAT") + Occurrences(sofar, "Kart 9");
            if (seen > answers)
            {
                answers = seen;
                port.Write(readStatus);
            }
        }

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

    private static int Occurrences(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal)) count++;
        return count;
    }

    /// <summary>Collects the output and signals when a line containing <paramref name="marker"/> is written.</summary>
    private sealed class AnnouncingWriter(string marker) : StringWriter
    {
        private readonly TaskCompletionSource _announced = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Lock _lock = new();

        public Task Announced => _announced.Task;

        public override void Write(char value)
        {
            lock (_lock) base.Write(value);
        }

        public override void Write(string? value)
        {
            lock (_lock) base.Write(value);
            if (value?.Contains(marker, StringComparison.Ordinal) == true) _announced.TrySetResult();
        }

        public override Task WriteLineAsync(string? value)
        {
            Write(value);
            Write(Environment.NewLine);
            return Task.CompletedTask;
        }

        public override string ToString()
        {
            lock (_lock) return base.ToString();
        }
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

    public void Dispose()
    {
        TestLogArchive.Keep(_dir);
        Directory.Delete(_dir, recursive: true);
    }
}
