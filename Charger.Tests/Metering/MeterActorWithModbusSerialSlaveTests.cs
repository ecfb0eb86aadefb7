using System.Threading.Channels;
using Akka.Actor;
using Akka.Event;
using Akka.TestKit;
using Charger.Actors.Metering;
using Charger.Actors.Metering.Modbus;
using Charger.Actors.Serial;
using Charger.Actors.Supervision;
using Charger.Tests.TestKit;

namespace Charger.Tests.Metering;

/// <summary>
/// Our Modbus RTU master against a slave we did not write (npm modbus-serial's ServerSerial, <see cref="ModbusSerialSlave"/>),
/// so the codec is not only checked against our own simulator: the slave opens one end of a pty null modem, our
/// real serial code the other, in real time. Values are those slave/slave.js serves.
/// </summary>
public sealed class MeterActorWithModbusSerialSlaveTests : ActorTestBase
{
    private readonly PtyNullModem _modem = new();

    public MeterActorWithModbusSerialSlaveTests()
        : base(manualTime: false)
    {
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _modem.Dispose();
    }

    private (TestProbe Listener, MeterMonitor Monitor) StartMeter(MeterModel model, RegisterMap map)
    {
        var (baud, parity) = MeterOptions.FactoryLine(model);
        var options = new MeterOptions
        {
            PortPath = _modem.DeviceA, Model = model, Map = map, BaudRate = baud, Parity = parity, RandomFactor = 0,
            // Real time on a loaded CI machine: the slave answers once its 30 ms inter-frame timer fires.
            PollInterval = TimeSpan.FromMilliseconds(200), ResponseTimeout = TimeSpan.FromSeconds(2), SilenceTimeout = TimeSpan.FromSeconds(10),
            StaleAfter = TimeSpan.FromSeconds(10),
        };
        options.Validate();
        var monitor = new MeterMonitor(options, TimeProvider.System);
        var listener = CreateProbe("listener");
        var path = ((ExtendedActorSystem)Sys).Guardian.Path / MeterLink.Name;
        Sys.ActorOf(MeterLink.Props(options, listener.Ref, monitor, Logging.GetLogger(Sys, "meter"), Sys.Supervision(), path), MeterLink.Name);
        return (listener, monitor);
    }

    private static MeterReading ExpectReading(TestProbe listener) =>
        listener.FishForMessage<MeterActor.ReadingTaken>(_ => true, TimeSpan.FromSeconds(20)).Reading;

    [Fact]
    public void The_meter_actor_reads_an_sdm120_style_slave_input_registers_as_ieee_floats()
    {
        using var slave = ModbusSerialSlave.Start(_modem.DeviceB, 2400, SerialParity.None);
        var (listener, monitor) = StartMeter(MeterModel.Sdm120, RegisterMap.Sdm120);

        var reading = ExpectReading(listener);

        Assert.Equal(1_234_500.0, reading.EnergyImportWh);
        Assert.Equal(3530.375, reading.PowerW);
        Assert.Equal([15.25, null, null], reading.CurrentA);
        Assert.Equal([231.5, null, null], reading.VoltageV);
        Assert.Equal(0, monitor.FailedReads);
        Assert.Equal(0, monitor.ExceptionResponses);
        var requests = slave.Requests;
        Assert.NotEmpty(requests);
        Assert.All(requests, r => Assert.True(r.CrcOk, $"the slave found a wrong CRC in our request {r.Frame}"));
        Assert.All(requests, r => Assert.StartsWith("0104", r.Frame));
    }

    [Fact]
    public void The_meter_actor_reads_an_abb_b23_style_slave_holding_registers_as_scaled_integers()
    {
        using var slave = ModbusSerialSlave.Start(_modem.DeviceB, 19200, SerialParity.Even);
        var (listener, monitor) = StartMeter(MeterModel.AbbB23, RegisterMap.AbbB23);

        var reading = ExpectReading(listener);

        Assert.Equal(98_765_430.0, reading.EnergyImportWh!.Value, 1e-6);
        Assert.Equal(6770.0, reading.PowerW!.Value, 1e-9);
        Assert.Equal([3509.0, 3273.0, -12.0], reading.PowerPerPhaseW.Select(p => p!.Value), new ToleranceComparer(1e-9));
        Assert.Equal([15.25, 14.90, 0.12], reading.CurrentA.Select(p => p!.Value), new ToleranceComparer(1e-9));
        Assert.Equal([230.1, 229.9, 231.5], reading.VoltageV.Select(p => p!.Value), new ToleranceComparer(1e-9));
        Assert.Equal(0, monitor.FailedReads);
        Assert.All(slave.Requests, r => Assert.True(r.CrcOk, $"the slave found a wrong CRC in our request {r.Frame}"));
        Assert.All(slave.Requests, r => Assert.StartsWith("0103", r.Frame));
    }

    [Fact]
    public void A_read_of_an_address_the_slave_lacks_comes_back_as_our_exception_response_with_code_2()
    {
        using var slave = ModbusSerialSlave.Start(_modem.DeviceB, 9600, SerialParity.None);
        using var port = SerialPorts.Open(SerialDriver.Auto, new SerialPortSettings { Path = _modem.DeviceA, BaudRate = 9600 });
        var reader = new ModbusResponseReader();

        var illegal = Transact(port, reader, new ModbusRequest(1, ModbusFunction.ReadInputRegisters, 0x1000, 2));
        var legal = Transact(port, reader, new ModbusRequest(1, ModbusFunction.ReadInputRegisters, 0x0048, 2));

        var exception = Assert.IsType<ModbusExceptionResponse>(illegal);
        Assert.Equal(ModbusExceptionCode.IllegalDataAddress, exception.Code);
        Assert.Equal(ModbusFunction.ReadInputRegisters, exception.Function);
        Assert.Equal(1, exception.Address);
        Assert.Equal("illegal data address (2)", exception.Description);
        // The same port and reader go on: the next answer is the energy register's float (1234.5 kWh = 0x449A5000).
        Assert.Equal([0x449A, 0x5000], Assert.IsType<ModbusRegisters>(legal).Registers);
        Assert.Equal(0, reader.GarbageBytes);
        Assert.Equal(0, reader.CrcErrors);
        Assert.Equal(["010410000002750b", "010400480002f1dd"], slave.Requests.Select(r => r.Frame));
    }

    private static ModbusResponse Transact(ISerialPort port, ModbusResponseReader reader, ModbusRequest request)
    {
        reader.Expect(request);
        port.Write(request.Encode());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            while (true)
            {
                var chunk = port.Input.ReadAsync(timeout.Token).AsTask().GetAwaiter().GetResult();
                if (reader.Feed(chunk.Span) is { } response) return response;
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No answer to {request} from the modbus-serial slave within 10 s.");
        }
        catch (ChannelClosedException e)
        {
            throw new IOException($"The port closed while waiting for the answer to {request}.", e);
        }
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
