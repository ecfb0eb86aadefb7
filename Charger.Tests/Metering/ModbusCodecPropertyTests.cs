using Charger.Actors.Metering;
using Charger.Actors.Metering.Modbus;
using FsCheck;
using FsCheck.Fluent;

namespace Charger.Tests.Metering;

/// <summary>
/// Properties of our Modbus RTU codec checked with FsCheck: the CRC against the published check value and its
/// single-bit detection, request and response frames round-trip, and an answer is found whatever garbage precedes
/// it and however the bytes are split into reads (the resynchronisation rule of <see cref="ModbusResponseReader"/>).
/// </summary>
public sealed class ModbusCodecPropertyTests
{
    private static readonly Config s_config = Config.QuickThrowOnFailure.WithQuietOnSuccess(true).WithMaxTest(2000);

    [Fact]
    public void Crc_matches_the_catalogue_check_value_and_a_known_request()
    {
        // CRC-16/MODBUS check value (the CRC catalogue's "123456789" test): 0x4B37.
        Assert.Equal(0x4B37, ModbusCrc.Compute("123456789"u8));
        // Read 2 input registers at 0x0048 from slave 1, as every Eastron manual prints it: 01 04 00 48 00 02 F1 DD.
        Assert.Equal(new byte[] { 0x01, 0x04, 0x00, 0x48, 0x00, 0x02, 0xF1, 0xDD },
            new ModbusRequest(1, ModbusFunction.ReadInputRegisters, 0x48, 2).Encode());
    }

    [Fact]
    public void Appending_the_crc_makes_any_frame_valid_and_any_single_bit_flip_invalid()
    {
        var property = Prop.ForAll(Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>()).Where(a => a.Length is > 0 and < 260).ToArbitrary(),
            Gen.Choose(0, int.MaxValue).ToArbitrary(), (payload, flip) =>
            {
                var frame = new byte[payload.Length + 2];
                payload.CopyTo(frame, 0);
                ModbusCrc.Append(frame);
                var valid = ModbusCrc.IsValid(frame);
                var bit = flip % (frame.Length * 8);
                frame[bit / 8] ^= (byte)(1 << (bit % 8));
                return valid && !ModbusCrc.IsValid(frame);
            });
        Check.One(s_config, property);
    }

    [Fact]
    public void Requests_round_trip()
    {
        var property = Prop.ForAll(Requests().ToArbitrary(), request => ModbusRequest.Decode(request.Encode()) == request);
        Check.One(s_config, property);
    }

    [Fact]
    public void An_answer_is_found_after_any_garbage_and_in_any_split()
    {
        var cases =
            from request in Requests()
            from garbage in Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>())
            from seed in Gen.Choose(0, int.MaxValue)
            from kind in Gen.Choose(0, 5)
            select (request, garbage, seed, kind);
        var property = Prop.ForAll(cases.ToArbitrary(), c =>
            {
                var (request, garbage, seed, kind) = c;
                var random = new Random(seed);
                ModbusResponse answer = kind == 0
                    ? new ModbusExceptionResponse(request.Address, request.Function, (byte)random.Next(1, 12))
                    : new ModbusRegisters(request.Address, request.Function,
                        [.. Enumerable.Range(0, request.Count).Select(_ => (ushort)random.Next(0, 65536))]);
                byte[] wire = [.. garbage.Take(40), .. answer.Encode()];
                var reader = new ModbusResponseReader();
                reader.Expect(request);
                ModbusResponse? found = null;
                var at = 0;
                while (at < wire.Length)
                {
                    var length = Math.Min(wire.Length - at, random.Next(1, 12));
                    found ??= reader.Feed(wire.AsSpan(at, length));
                    at += length;
                }
                return Same(answer, found);
            });
        Check.One(s_config, property);
    }

    [Fact]
    public void A_corrupted_answer_is_never_taken_and_the_next_good_one_is()
    {
        var request = new ModbusRequest(7, ModbusFunction.ReadHoldingRegisters, 0x5000, 4);
        var good = new ModbusRegisters(7, ModbusFunction.ReadHoldingRegisters, [0, 1, 2, 3]).Encode();
        var bad = (byte[])good.Clone();
        bad[5] ^= 0x10;
        var reader = new ModbusResponseReader();
        reader.Expect(request);
        Assert.Null(reader.Feed(bad));
        Assert.Equal(1, reader.CrcErrors);
        var found = Assert.IsType<ModbusRegisters>(reader.Feed(good));
        Assert.Equal(new ushort[] { 0, 1, 2, 3 }, found.Registers);
    }

    [Fact]
    public void Bytes_while_nothing_is_expected_and_late_answers_after_a_timeout_are_garbage()
    {
        var request = new ModbusRequest(1, ModbusFunction.ReadInputRegisters, 0, 2);
        var answer = new ModbusRegisters(1, ModbusFunction.ReadInputRegisters, [0x4366, 0x0000]).Encode();
        var reader = new ModbusResponseReader();
        Assert.Null(reader.Feed(answer));
        reader.Expect(request);
        reader.Abandon();
        Assert.Null(reader.Feed(answer));
        Assert.Equal(2 * answer.Length, reader.GarbageBytes);
    }

    [Fact]
    public void Register_encodings_round_trip_through_the_meter_maps()
    {
        foreach (var register in RegisterMap.Sdm630.Registers.Concat(RegisterMap.AbbB23.Registers))
        {
            var value = register.Quantity == MeterQuantity.EnergyImport ? 1_234_560.0 : 229.9;
            var decoded = register.Decode(register.Encode(value));
            Assert.True(Math.Abs(decoded - value) <= Math.Abs(register.Scale) / 2 + 0.07, $"{register.Name}: {decoded} for {value}");
        }
        // ABB's energy counter is 0.01 kWh: 12345.67 kWh is 1234567 in four registers.
        var energy = RegisterMap.AbbB23.Registers.Single(r => r.Quantity == MeterQuantity.EnergyImport);
        Assert.Equal(12_345_670, energy.Decode([0, 0, 0x0012, 0xD687]));
    }

    [Fact]
    public void Model_maps_group_into_few_reads()
    {
        Assert.Equal(2, RegisterMap.Sdm120.Blocks().Count);
        Assert.Equal(3, RegisterMap.Sdm630.Blocks().Count);
        var abb = RegisterMap.AbbB23.Blocks();
        Assert.All(abb, b => Assert.Equal(ModbusFunction.ReadHoldingRegisters, b.Function));
        Assert.Equal([0x5000, 0x5B00, 0x5B0C, 0x5B14], abb.Select(b => (int)b.Start)); // no reserved register is read
    }

    private static bool Same(ModbusResponse expected, ModbusResponse? found) => (expected, found) switch
    {
        (ModbusRegisters e, ModbusRegisters f) => e.Address == f.Address && e.Function == f.Function && e.Registers.SequenceEqual(f.Registers),
        (ModbusExceptionResponse e, ModbusExceptionResponse f) => e == f,
        _ => false,
    };

    private static Gen<ModbusRequest> Requests() =>
        from address in Gen.Choose(1, 247)
        from function in Gen.Elements(ModbusFunction.ReadHoldingRegisters, ModbusFunction.ReadInputRegisters)
        from start in Gen.Choose(0, 65535)
        from count in Gen.Choose(1, ModbusRequest.MaxCount)
        select new ModbusRequest((byte)address, function, (ushort)start, (ushort)count);
}
