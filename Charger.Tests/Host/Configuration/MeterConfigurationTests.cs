using Charger.Actors.Metering;
using Charger.Actors.Metering.Modbus;
using Charger.Actors.Serial;
using Charger.Host.Configuration;
using Charger.Host.Configuration.Settings;
using Charger.Host.Daemon;

namespace Charger.Tests.Host.Configuration;

/// <summary><c>chargers[].meter</c>: absent is no meter, each model gets its datasheet's line and map, a custom map is read, and a bad value stops the start naming its key.</summary>
public sealed class MeterConfigurationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("charger-meter-conf-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private DaemonOptions Options(string conf)
    {
        var path = Path.Combine(_dir, "charger.conf");
        File.WriteAllText(path, conf);
        return DaemonOptions.From(HostConfiguration.Bind(HostConfiguration.Build(path, [], new Dictionary<string, string>())));
    }

    private static string Charger(string meter) => $$"""chargers = [ { id = "cp-1", serial.port = "/dev/ttyUSB0", meter { {{meter}} } } ]""";

    [Fact]
    public void No_meter_section_is_no_meter() =>
        Assert.Null(Options("""chargers = [ { id = "cp-1", serial.port = "/dev/ttyUSB0" } ]""").Chargers[0].Meter);

    [Theory]
    [InlineData("sdm120", 2400, SerialParity.None, "sdm120")]
    [InlineData("sdm630", 9600, SerialParity.None, "sdm630")]
    [InlineData("abb-b23", 19200, SerialParity.Even, "abb-b23")]
    public void A_named_model_gets_its_factory_line_and_register_map(string model, int baud, SerialParity parity, string map)
    {
        var meter = Options(Charger($"""port = "/dev/ttyUSB1", model = {model}""")).Chargers[0].Meter!;
        Assert.Equal((baud, parity, 1, map), (meter.BaudRate, meter.Parity, meter.Address, meter.Map.Name));
        Assert.Equal(TimeSpan.FromSeconds(1), meter.PollInterval);
    }

    [Fact]
    public void Line_address_and_poll_can_be_set()
    {
        var meter = Options(Charger("""port = "/dev/ttyUSB1", model = sdm630, baud-rate = 19200, parity = even, address = 12, poll-interval = 2s""")).Chargers[0].Meter!;
        Assert.Equal((19200, SerialParity.Even, 12, TimeSpan.FromSeconds(2)), (meter.BaudRate, meter.Parity, meter.Address, meter.PollInterval));
    }

    [Fact]
    public void A_custom_map_is_read_from_the_configuration()
    {
        var meter = Options(Charger("""
            port = "/dev/ttyUSB1", model = custom
            registers = [
              { quantity = energy-import, address = 256, function = holding, type = uint32, scale = 10 }
              { quantity = power, address = 300, function = holding, type = int32 }
              { quantity = current-l2, address = 302, function = input, type = float32 }
            ]
            """)).Chargers[0].Meter!;
        Assert.Equal(MeterModel.Custom, meter.Model);
        Assert.Equal(
            [new MeterRegister(MeterQuantity.EnergyImport, 0, ModbusFunction.ReadHoldingRegisters, 256, RegisterEncoding.UInt32, 10),
             new MeterRegister(MeterQuantity.PowerTotal, 0, ModbusFunction.ReadHoldingRegisters, 300, RegisterEncoding.Int32, 1),
             new MeterRegister(MeterQuantity.Current, 2, ModbusFunction.ReadInputRegisters, 302, RegisterEncoding.Float32, 1)],
            meter.Map.Registers);
    }

    [Theory]
    [InlineData("model = sdm630", "chargers[0].meter.port", "required")]
    [InlineData("port = \"/dev/ttyUSB1\"", "chargers[0].meter.model", "sdm120, sdm630, abb-b23 or custom")]
    [InlineData("port = \"/dev/ttyUSB1\", model = sdm999", "chargers[0].meter.model", "sdm120")]
    [InlineData("port = \"ttyUSB1\", model = sdm630", "chargers[0].meter.port", "absolute")]
    [InlineData("port = \"/dev/ttyUSB1\", model = sdm630, address = 0", "chargers[0].meter.address", "1..247")]
    [InlineData("port = \"/dev/ttyUSB1\", model = sdm630, address = 248", "chargers[0].meter.address", "1..247")]
    [InlineData("port = \"/dev/ttyUSB1\", model = sdm630, baud-rate = 1234", "chargers[0].meter.baud-rate", "not supported")]
    [InlineData("port = \"/dev/ttyUSB1\", model = sdm630, parity = mark", "chargers[0].meter.parity", "none, even or odd")]
    [InlineData("port = \"/dev/ttyUSB1\", model = sdm630, poll-interval = 10s", "chargers[0].meter.silence-timeout", "poll-interval")]
    [InlineData("port = \"/dev/ttyUSB1\", model = sdm630, registers = [ { quantity = power, address = 1 } ]", "chargers[0].meter.registers", "custom")]
    [InlineData("port = \"/dev/ttyUSB1\", model = custom", "chargers[0].meter.registers", "at least one register")]
    [InlineData("port = \"/dev/ttyUSB1\", model = custom, registers = [ { quantity = power, address = 1 } ]", "chargers[0].meter.registers", "energy-import")]
    [InlineData("port = \"/dev/ttyUSB1\", model = custom, registers = [ { quantity = watts, address = 1 } ]", "chargers[0].meter.registers[0].quantity", "energy-import, power")]
    [InlineData("port = \"/dev/ttyUSB1\", model = custom, registers = [ { quantity = energy-import } ]", "chargers[0].meter.registers[0].address", "0..65535")]
    [InlineData("port = \"/dev/ttyUSB1\", model = custom, registers = [ { quantity = energy-import, address = 1, function = coils } ]", "chargers[0].meter.registers[0].function", "input (FC 04) or holding")]
    [InlineData("port = \"/dev/ttyUSB1\", model = custom, registers = [ { quantity = energy-import, address = 1, type = float64 } ]", "chargers[0].meter.registers[0].type", "float32")]
    [InlineData("port = \"/dev/ttyUSB1\", model = custom, registers = [ { quantity = energy-import, address = 1, scale = 0 } ]", "chargers[0].meter.registers[0].scale", "non-zero")]
    [InlineData("port = \"/dev/ttyUSB1\", model = sdm630, adress = 2", "chargers[0].meter.adress", "Unknown setting")]
    public void A_bad_meter_value_fails_at_start_naming_the_key(string meter, string key, string expected)
    {
        var e = Assert.Throws<ConfigurationException>(() => Options(Charger(meter)));
        Assert.Equal(key, e.Key);
        Assert.Contains(expected, e.Message, StringComparison.OrdinalIgnoreCase);
    }
}
