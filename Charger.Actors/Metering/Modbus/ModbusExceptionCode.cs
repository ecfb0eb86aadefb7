namespace Charger.Actors.Metering.Modbus;

/// <summary>The exception codes a slave answers with (Modbus application protocol, section 7).</summary>
public static class ModbusExceptionCode
{
    public const byte IllegalFunction = 0x01;
    public const byte IllegalDataAddress = 0x02;
    public const byte IllegalDataValue = 0x03;
    public const byte SlaveDeviceFailure = 0x04;
    public const byte Acknowledge = 0x05;
    public const byte SlaveDeviceBusy = 0x06;
    public const byte GatewayPathUnavailable = 0x0A;
    public const byte GatewayTargetFailedToRespond = 0x0B;

    /// <summary>The code's name, for logs and the API ("illegal data address (2)").</summary>
    public static string Describe(byte code) => code switch
    {
        IllegalFunction => "illegal function (1)",
        IllegalDataAddress => "illegal data address (2)",
        IllegalDataValue => "illegal data value (3)",
        SlaveDeviceFailure => "slave device failure (4)",
        Acknowledge => "acknowledge (5)",
        SlaveDeviceBusy => "slave device busy (6)",
        GatewayPathUnavailable => "gateway path unavailable (10)",
        GatewayTargetFailedToRespond => "gateway target failed to respond (11)",
        _ => $"exception code {code}",
    };
}
