namespace Charger.Actors.Ocpp.Messages;

/// <param name="Type">Hard or Soft.</param>
public sealed record ResetRequest(string Type)
{
    public const string Action = "Reset";
}
