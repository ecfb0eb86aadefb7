using System.Diagnostics;
using Charger.Actors.Serial;

namespace Charger.Tests.Serial;

/// <summary>The serial port against real pseudo-terminals: data both ways, exclusivity, unplug, settings.</summary>
public sealed class LinuxSerialPortTests
{
    private static SerialPortSettings On(PseudoTerminal pty) => new() { Path = pty.DevicePath };

    [Fact]
    public async Task Bytes_flow_from_device_to_port_and_back()
    {
        using var pty = PseudoTerminal.Open();
        using var port = LinuxSerialPort.Open(On(pty));

        byte[] stat = [.. "<STAT;STATE=1;>\r\n"u8];
        pty.Write(stat);
        Assert.Equal(stat, await port.Input.ReadBytesAsync(stat.Length));
        Assert.Null(port.LinkDown); // an empty port after a read is not end of file

        byte[] readStatus = [0x41, 0x00, 0x2C, 0x00, 0x10];
        port.Write(readStatus);
        Assert.Equal(readStatus, await pty.Input.ReadBytesAsync(readStatus.Length));
    }

    [Fact]
    public async Task A_64_KB_buffer_crosses_intact_in_both_directions()
    {
        using var pty = PseudoTerminal.Open();
        using var port = LinuxSerialPort.Open(On(pty));
        var toPort = SerialTestExtensions.Pattern(64 * 1024, seed: 1);
        var toDevice = SerialTestExtensions.Pattern(64 * 1024, seed: 7);

        // Both writes exceed the pty buffer, so each blocks until the other side drains it.
        var deviceWrites = Task.Run(() => pty.Write(toPort));
        var portWrites = Task.Run(() => port.Write(toDevice));
        var atPort = port.Input.ReadBytesAsync(toPort.Length, TimeSpan.FromSeconds(15));
        var atDevice = pty.Input.ReadBytesAsync(toDevice.Length, TimeSpan.FromSeconds(15));
        await Task.WhenAll(deviceWrites, portWrites, atPort, atDevice);

        Assert.Equal(toPort, await atPort);
        Assert.Equal(toDevice, await atDevice);
    }

    [Fact]
    public void A_second_open_in_this_process_is_refused_as_busy_naming_the_path()
    {
        using var pty = PseudoTerminal.Open();
        using (LinuxSerialPort.Open(On(pty)))
        {
            var busy = Assert.Throws<SerialPortBusyException>(() => LinuxSerialPort.Open(On(pty)));
            Assert.Equal(pty.DevicePath, busy.Path);
            Assert.Contains(pty.DevicePath, busy.Message);
            Assert.Contains("busy", busy.Message);
        }
        // Released on Dispose: the next owner gets it.
        using var again = LinuxSerialPort.Open(On(pty));
    }

    [Fact]
    public async Task An_open_is_refused_as_busy_while_another_process_holds_the_port()
    {
        using var pty = PseudoTerminal.Open();
        var holder = Process.Start(new ProcessStartInfo("flock", ["--exclusive", pty.SlavePath, "sh", "-c", "echo locked; read line"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        })!;
        try
        {
            using var cts = new CancellationTokenSource(SerialTestExtensions.IoTimeout);
            Assert.Equal("locked", await holder.StandardOutput.ReadLineAsync(cts.Token));

            var busy = Assert.Throws<SerialPortBusyException>(() => LinuxSerialPort.Open(On(pty)));
            Assert.Contains(pty.SlavePath, busy.Message);
        }
        finally
        {
            holder.StandardInput.Close(); // `read` ends, flock releases
            await holder.WaitForExitAsync().WaitAsync(SerialTestExtensions.IoTimeout);
        }
        using var port = LinuxSerialPort.Open(On(pty));
    }

    [Fact]
    public async Task Closing_the_master_ends_the_read_loop_with_LinkDownException()
    {
        var pty = PseudoTerminal.Open();
        using var port = LinuxSerialPort.Open(On(pty));

        pty.Dispose();

        var down = await Assert.ThrowsAsync<LinkDownException>(() => port.ReadLoopCompletion.WaitAsync(TimeSpan.FromSeconds(2)));
        Assert.Equal(pty.SlavePath, down.Path);
        Assert.Contains(pty.SlavePath, down.Message);
        Assert.Same(down, port.LinkDown);
        // Consumers iterating the channel see the same exception, not a generic "channel closed".
        await Assert.ThrowsAsync<LinkDownException>(async () =>
        {
            await foreach (var _ in port.Input.ReadAllAsync())
            {
            }
        });
        // The handle is known dead: writes fail fast with the same reason.
        var writeDown = Assert.Throws<LinkDownException>(() => port.Write([0x41]));
        Assert.Equal(down.Reason, writeDown.Reason);
    }

    [Fact]
    public async Task The_device_disappears_and_reappears_at_the_same_path()
    {
        var dir = Directory.CreateTempSubdirectory("charger-serial-");
        try
        {
            var link = Path.Combine(dir.FullName, "ttyESP32");
            var first = PseudoTerminal.Open(link);
            Assert.Equal(first.SlavePath, new FileInfo(link).LinkTarget);
            var port = LinuxSerialPort.Open(new SerialPortSettings { Path = link });

            first.Dispose(); // unplug: the link goes, the master closes
            await Assert.ThrowsAsync<LinkDownException>(() => port.ReadLoopCompletion.WaitAsync(TimeSpan.FromSeconds(2)));
            port.Dispose();
            Assert.False(File.Exists(link) || new FileInfo(link).LinkTarget is not null);
            var missing = Assert.Throws<SerialPortNotFoundException>(() => LinuxSerialPort.Open(new SerialPortSettings { Path = link }));
            Assert.Contains(link, missing.Message);

            using var second = PseudoTerminal.Open(link); // re-plug
            using var reopened = LinuxSerialPort.Open(new SerialPortSettings { Path = link });
            second.Write("hello"u8);
            Assert.Equal("hello"u8.ToArray(), await reopened.Input.ReadBytesAsync(5));
            reopened.Write("world"u8);
            Assert.Equal("world"u8.ToArray(), await second.Input.ReadBytesAsync(5));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Opening_a_link_replaces_an_older_link_but_never_a_file()
    {
        var dir = Directory.CreateTempSubdirectory("charger-serial-");
        try
        {
            var link = Path.Combine(dir.FullName, "ttyESP32");
            File.CreateSymbolicLink(link, "/dev/pts/does-not-exist");
            using (var pty = PseudoTerminal.Open(link))
                Assert.Equal(pty.SlavePath, new FileInfo(link).LinkTarget);

            var file = Path.Combine(dir.FullName, "plain");
            File.WriteAllText(file, "keep me");
            Assert.Throws<IOException>(() => PseudoTerminal.Open(file));
            Assert.Equal("keep me", File.ReadAllText(file));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    public static TheoryData<int, int, SerialParity, SerialStopBits> Framings => new()
    {
        { 115200, 8, SerialParity.None, SerialStopBits.One },
        { 9600, 7, SerialParity.Even, SerialStopBits.Two },
        { 57600, 8, SerialParity.Odd, SerialStopBits.One },
    };

    [Theory]
    [MemberData(nameof(Framings))]
    public void The_terminal_is_raw_with_the_configured_framing_and_no_flow_control_or_hangup(
        int baud, int dataBits, SerialParity parity, SerialStopBits stopBits)
    {
        using var pty = PseudoTerminal.Open();
        var settings = new SerialPortSettings { Path = pty.DevicePath, BaudRate = baud, DataBits = dataBits, Parity = parity, StopBits = stopBits };
        using var port = LinuxSerialPort.Open(settings);

        var t = port.ReadTerminalAttributes();
        Assert.True(TermiosProbe.SpeedOf(t) == TermiosProbe.SpeedConstant(baud), $"speed of {settings}");
        var expected = TermiosProbe.CLOCAL | TermiosProbe.CREAD
            | (stopBits == SerialStopBits.Two ? TermiosProbe.CSTOPB : 0)
            | (parity == SerialParity.Odd ? TermiosProbe.PARODD : 0);
        // A pty always reports CS8 without PARENB (the kernel's pty_set_termios forces them): no wire, no framing.
        Assert.Equal(expected | TermiosProbe.CS8, t.c_cflag & TermiosProbe.FramingMask);
        Assert.Equal(0u, t.c_cflag & TermiosProbe.HUPCL);
        Assert.Equal(0u, t.c_cflag & TermiosProbe.CRTSCTS);
        Assert.Equal(TermiosProbe.CLOCAL | TermiosProbe.CREAD, t.c_cflag & (TermiosProbe.CLOCAL | TermiosProbe.CREAD));
        Assert.Equal(0u, t.c_iflag & TermiosProbe.SoftwareFlowAndTranslation);
        Assert.Equal(0u, t.c_oflag & TermiosProbe.OPOST);
        Assert.Equal(0u, t.c_lflag & TermiosProbe.CanonicalEchoSignals);
        Assert.Equal((1, 0), TermiosProbe.MinAndTime(t)); // with O_NONBLOCK: empty reads EAGAIN, 0 bytes means hang-up
    }

    [Theory]
    [InlineData(8, SerialParity.None, SerialStopBits.One, 0x30u | 0x80u | 0x800u)]
    [InlineData(7, SerialParity.Even, SerialStopBits.Two, 0x20u | 0x100u | 0x40u | 0x80u | 0x800u)]
    [InlineData(5, SerialParity.Odd, SerialStopBits.One, 0x00u | 0x100u | 0x200u | 0x80u | 0x800u)]
    public void The_control_flags_requested_encode_the_framing(int dataBits, SerialParity parity, SerialStopBits stopBits, uint cflag)
    {
        var settings = new SerialPortSettings { Path = "/dev/ttyUSB0", DataBits = dataBits, Parity = parity, StopBits = stopBits };
        Assert.Equal(cflag, LinuxSerialPort.ExpectedControlFlags(settings));
    }

    [Fact]
    public async Task An_idle_port_does_not_wake_its_read_thread()
    {
        using var pty = PseudoTerminal.Open();
        using var port = LinuxSerialPort.Open(On(pty));
        pty.Write([1]);
        await port.Input.ReadBytesAsync(1);
        var before = port.PollWakeups;

        await Task.Delay(TimeSpan.FromSeconds(1)); // the idle period being measured, not a wait for I/O

        Assert.True(port.PollWakeups - before <= 1, $"{port.PollWakeups - before} poll wake-ups in 1 s of idle");
    }

    [Fact]
    public async Task Dispose_stops_reading_promptly_completes_normally_and_is_idempotent()
    {
        using var pty = PseudoTerminal.Open();
        var port = LinuxSerialPort.Open(On(pty));
        var started = Stopwatch.StartNew();

        port.Dispose();
        port.Dispose();

        await port.ReadLoopCompletion.WaitAsync(TimeSpan.FromSeconds(2)); // no exception: closed by us, not link down
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(2));
        Assert.Null(port.LinkDown);
        Assert.Throws<ObjectDisposedException>(() => port.Write([1]));
        using var again = LinuxSerialPort.Open(On(pty)); // descriptor and lock are gone
    }

    [Fact]
    public async Task A_write_the_device_does_not_take_times_out_naming_the_port()
    {
        using var pty = PseudoTerminal.Open(); // nobody reads the master: the pty buffer fills up
        using var port = LinuxSerialPort.Open(On(pty) with { WriteTimeout = TimeSpan.FromMilliseconds(100) });

        var write = Task.Run(() => port.Write(new byte[1024 * 1024]));

        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => write.WaitAsync(SerialTestExtensions.IoTimeout));
        Assert.Contains(pty.SlavePath, timeout.Message);
        Assert.Contains("accepted no bytes for 100 ms", timeout.Message);
    }

    [Fact]
    public async Task Dispose_wakes_a_blocked_write_at_once()
    {
        using var pty = PseudoTerminal.Open(); // nobody reads the master: the write blocks
        var port = LinuxSerialPort.Open(On(pty) with { WriteTimeout = TimeSpan.FromSeconds(60) });
        var write = Task.Run(() => port.Write(new byte[1024 * 1024]));
        await Task.Delay(200); // let the writer reach poll(); if it has not, it fails the same way on entry

        port.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => write.WaitAsync(TimeSpan.FromSeconds(2)));
        await port.ReadLoopCompletion.WaitAsync(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task A_consumer_gets_the_bytes_read_before_the_link_went_down_then_the_exception()
    {
        var pty = PseudoTerminal.Open();
        using var port = LinuxSerialPort.Open(On(pty));
        pty.Write("<STAT;>"u8);
        var received = new MemoryStream();
        var consumer = Task.Run(async () =>
        {
            await foreach (var chunk in port.Input.ReadAllAsync())
            {
                received.Write(chunk.Span);
                if (received.Length == 7)
                    pty.Dispose(); // unplug once the frame is in
            }
        });

        var down = await Assert.ThrowsAsync<LinkDownException>(() => consumer.WaitAsync(SerialTestExtensions.IoTimeout));
        Assert.Equal("<STAT;>"u8.ToArray(), received.ToArray());
        await Assert.ThrowsAsync<LinkDownException>(() => port.Input.Completion.WaitAsync(SerialTestExtensions.IoTimeout));
        Assert.Contains(down.Reason, new[] { LinkDownReason.EndOfFile, LinkDownReason.InputOutputError, LinkDownReason.HangUp });
    }

    [Fact]
    public void A_missing_device_is_reported_as_not_found_naming_the_path()
    {
        var missing = Assert.Throws<SerialPortNotFoundException>(
            () => LinuxSerialPort.Open(new SerialPortSettings { Path = "/dev/ttyUSB-charger-test-missing" }));
        Assert.Equal("/dev/ttyUSB-charger-test-missing", missing.Path);
        Assert.Contains("/dev/ttyUSB-charger-test-missing", missing.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_terminal_is_rejected_clearly()
    {
        var file = Path.GetTempFileName();
        try
        {
            var error = Assert.Throws<SerialPortException>(() => LinuxSerialPort.Open(new SerialPortSettings { Path = file }));
            Assert.Contains(file, error.Message);
            Assert.Contains("not a serial port", error.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
