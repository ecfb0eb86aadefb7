namespace Charger.Actors.Ocpp.Messages;

public sealed record DataTransferRequest(string VendorId, string? MessageId = null, string? Data = null)
{
    public const string Action = "DataTransfer";
}

/// <param name="Status">Accepted, Rejected, UnknownMessageId or UnknownVendorId.</param>
public sealed record DataTransferResponse(string Status, string? Data = null);
