using System.Reflection;
using Charger.Actors.Protocol;

namespace Charger.Tests.Protocol;

public sealed class CommandEncoderTests
{
    private static byte[] Encode(Esp32Command command, CommandEncoder? encoder = null) =>
        (encoder ?? CommandEncoder.Default).Encode(command).ToArray();

    [Fact]
    public void The_four_runtime_commands_have_the_predecessors_exact_bytes()
    {
        Assert.Equal(new byte[] { 0x41, 0x00, 0x2C, 0x00, 0x10 }, Encode(Esp32Command.ReadStatus));
        Assert.Equal(new byte[] { 0x41, 0x01, 0x2C, 0x01, 0x10 }, Encode(Esp32Command.Authorize));
        Assert.Equal(new byte[] { 0x41, 0x04, 0x2C, 0x07, 0x10 }, Encode(Esp32Command.Stop));
        Assert.Equal(new byte[] { 0x41, 0x02, 0x2C, 0x10, 0x10 }, Encode(Esp32Command.SetMaxCurrent(16)));
    }

    [Fact]
    public void Max_current_is_sent_as_a_binary_byte_for_every_value_from_6_to_32()
    {
        for (var amps = 6; amps <= 32; amps++)
        {
            var command = Esp32Command.SetMaxCurrent(amps);
            Assert.Equal(new byte[] { 65, 2, 44, (byte)amps, 16 }, Encode(command));
            Assert.Equal(amps, command.Value);
            Assert.Same(command, Esp32Command.SetMaxCurrent(amps));
        }
    }

    [Theory]
    [InlineData(int.MinValue)]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(33)]
    [InlineData(255)]
    [InlineData(256 + 16)]
    [InlineData(int.MaxValue)]
    public void Max_current_outside_6_to_32_cannot_be_built(int amps)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Esp32Command.SetMaxCurrent(amps));
        Assert.Equal("amps", error.ParamName);
    }

    [Fact]
    public void Cable_lock_commands_are_refused_without_the_opt_in()
    {
        Assert.False(CommandEncoder.Default.AllowsCableLock);
        Span<byte> destination = stackalloc byte[5];
        foreach (var command in new[] { CableLockCommands.Lock, CableLockCommands.Unlock })
        {
            Assert.True(command.IsCableLock);
            Assert.Throws<InvalidOperationException>(() => CommandEncoder.Default.Encode(command));
            var copy = destination.ToArray();
            Assert.Throws<InvalidOperationException>(() => CommandEncoder.Default.Encode(command, copy));
            Assert.All(copy, b => Assert.Equal(0, b));
        }
    }

    [Fact]
    public void Cable_lock_commands_encode_with_the_opt_in()
    {
        Assert.True(CommandEncoder.WithCableLock.AllowsCableLock);
        Assert.Equal(new byte[] { 0x41, 0x03, 0x2C, 0x01, 0x10 }, Encode(CableLockCommands.Lock, CommandEncoder.WithCableLock));
        Assert.Equal(new byte[] { 0x41, 0x03, 0x2C, 0x00, 0x10 }, Encode(CableLockCommands.Unlock, CommandEncoder.WithCableLock));
        Assert.Equal(new byte[] { 0x41, 0x04, 0x2C, 0x07, 0x10 }, Encode(Esp32Command.Stop, CommandEncoder.WithCableLock));
    }

    [Fact]
    public void Encoding_into_a_span_writes_five_bytes_and_leaves_the_rest()
    {
        var destination = Enumerable.Repeat((byte)0xEE, 8).ToArray();
        Assert.Equal(5, CommandEncoder.Default.Encode(Esp32Command.SetMaxCurrent(32), destination));
        Assert.Equal(new byte[] { 0x41, 0x02, 0x2C, 0x20, 0x10, 0xEE, 0xEE, 0xEE }, destination);
    }

    [Fact]
    public void A_destination_shorter_than_a_frame_is_refused_before_writing()
    {
        var destination = new byte[4];
        Assert.Throws<ArgumentException>(() => CommandEncoder.Default.Encode(Esp32Command.Authorize, destination));
        Assert.All(destination, b => Assert.Equal(0, b));
        Assert.Throws<ArgumentNullException>(() => CommandEncoder.Default.Encode(null!));
    }

    [Fact]
    public void Encoding_does_not_allocate()
    {
        Span<byte> destination = stackalloc byte[5];
        var encoder = CommandEncoder.Default;
        encoder.Encode(Esp32Command.SetMaxCurrent(10), destination);
        _ = encoder.Encode(Esp32Command.Authorize);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            encoder.Encode(Esp32Command.SetMaxCurrent(6 + (i % 27)), destination);
            _ = encoder.Encode(Esp32Command.ReadStatus);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Commands_name_the_ack_the_firmware_answers_with()
    {
        Assert.Equal("READSTAT", Esp32Command.ReadStatus.AckCommand);
        Assert.Equal("AUTH", Esp32Command.Authorize.AckCommand);
        Assert.Equal("SETMAXAMP", Esp32Command.SetMaxCurrent(20).AckCommand);
        Assert.Null(Esp32Command.Stop.AckCommand);
        Assert.Equal("LOCK", CableLockCommands.Lock.AckCommand);
        Assert.Equal("UNLOCK", CableLockCommands.Unlock.AckCommand);
    }

    [Fact]
    public void Commands_compare_by_id_and_value_and_print_their_bytes()
    {
        Assert.Equal(Esp32Command.SetMaxCurrent(16), Esp32Command.SetMaxCurrent(16));
        Assert.NotEqual(Esp32Command.SetMaxCurrent(16), Esp32Command.SetMaxCurrent(17));
        Assert.NotEqual(CableLockCommands.Lock, CableLockCommands.Unlock);
        Assert.Equal("Stop [41 04 2C 07 10]", Esp32Command.Stop.ToString());
        Assert.Equal("SetMaxCurrent(16 A) [41 02 2C 10 10]", Esp32Command.SetMaxCurrent(16).ToString());
    }

    [Fact]
    public void Nothing_but_the_listed_commands_can_be_built()
    {
        var commandType = typeof(Esp32Command);
        Assert.Empty(commandType.GetConstructors(BindingFlags.Public | BindingFlags.Instance));

        var factories = commandType.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.ReturnType == commandType && !m.IsSpecialName)
            .Select(m => m.Name);
        Assert.Equal(["SetMaxCurrent"], factories);

        var instances = new[] { commandType, typeof(CableLockCommands) }
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Static))
            .Where(p => p.PropertyType == commandType)
            .Select(p => (Esp32Command)p.GetValue(null)!)
            .Concat(Enumerable.Range(6, 27).Select(Esp32Command.SetMaxCurrent))
            .Select(c => Convert.ToHexString(Encode(c, CommandEncoder.WithCableLock)))
            .Order()
            .ToArray();

        var expected = new[] { "41002C0010", "41012C0110", "41042C0710", "41032C0110", "41032C0010" }
            .Concat(Enumerable.Range(6, 27).Select(a => $"41022C{a:X2}10"))
            .Order()
            .ToArray();
        Assert.Equal(expected, instances);
    }
}
