namespace Charger.Tests.TestKit;

/// <summary>One message of a Server-Sent Events stream: an event (with its fields) or a comment line.</summary>
public sealed record ServerSentEvent(string? Id, string? Event, string? Data, string? Comment)
{
    public bool IsComment => Comment is not null;

    public long IdNumber => long.Parse(Id ?? throw new InvalidOperationException($"{this} has no id"), System.Globalization.CultureInfo.InvariantCulture);
}
