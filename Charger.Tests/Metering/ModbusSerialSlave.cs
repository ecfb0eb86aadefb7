using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Charger.Actors.Serial;

namespace Charger.Tests.Metering;

/// <summary>
/// An independent Modbus RTU slave in its own node process: <c>slave/slave.js</c>, npm modbus-serial 8.0.25's
/// ServerSerial on serialport 13 (native binding from its linux-x64 prebuild), on a serial device the test gives.
/// It serves an SDM120-style input register map and an ABB B23-style holding register map (values in slave.js)
/// and reports every request frame it got with its own CRC check. <c>.ci/run</c> installs it (<c>npm ci</c> in slave/).
/// </summary>
public sealed class ModbusSerialSlave : IDisposable
{
    private readonly Process _process;
    private readonly Lock _gate = new();
    private readonly List<JsonElement> _requests = [];
    private readonly List<string> _stderr = [];
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ModbusSerialSlave(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_gate) _stderr.Add(e.Data);
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static string ScriptDirectory([CallerFilePath] string here = "") => Path.Combine(Path.GetDirectoryName(here)!, "slave");

    /// <summary>Starts the slave on <paramref name="device"/> and waits until its port is open.</summary>
    public static ModbusSerialSlave Start(string device, int baudRate, SerialParity parity)
    {
        var directory = ScriptDirectory();
        if (!File.Exists(Path.Combine(directory, "node_modules", "modbus-serial", "package.json")))
            throw new InvalidOperationException($"modbus-serial is not installed in {directory}: run `npm ci --prefix {directory}` (.ci/run does).");
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "slave.js", device, baudRate.ToString(), parity.ToString().ToLowerInvariant() })
            start.ArgumentList.Add(argument);
        var slave = new ModbusSerialSlave(Process.Start(start)!);
        try
        {
            var exited = slave._process.WaitForExitAsync();
            if (Task.WhenAny(slave._listening.Task, exited).Wait(TimeSpan.FromSeconds(30)) && slave._listening.Task.IsCompleted) return slave;
            throw new InvalidOperationException($"The modbus-serial slave did not open {device} within 30 s: {slave.StandardError}");
        }
        catch
        {
            slave.Dispose();
            throw;
        }
    }

    /// <summary>The request frames the slave received, as hex, each with whether its CRC was right by modbus-serial's crc16.</summary>
    public IReadOnlyList<(string Frame, bool CrcOk)> Requests
    {
        get
        {
            lock (_gate)
                return [.. _requests.Select(r => (r.GetProperty("frame").GetString()!, r.GetProperty("crcOk").GetBoolean()))];
        }
    }

    public string StandardError
    {
        get
        {
            lock (_gate) return string.Join('\n', _stderr);
        }
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        JsonElement evt;
        try
        {
            evt = JsonDocument.Parse(line).RootElement.Clone();
        }
        catch (JsonException)
        {
            return;
        }
        switch (evt.GetProperty("event").GetString())
        {
            case "listening":
                _listening.TrySetResult();
                break;
            case "request":
                lock (_gate) _requests.Add(evt);
                break;
        }
    }

    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(2000)) _process.Kill();
            _process.WaitForExit();
        }
        catch (Exception e) when (e is InvalidOperationException or IOException)
        {
            // already gone
        }
        _process.Dispose();
    }
}
