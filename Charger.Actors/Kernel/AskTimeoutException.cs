namespace Charger.Actors.Kernel;

/// <summary>An Ask got no reply in time, or its recipient was already gone.</summary>
public sealed class AskTimeoutException(string message) : TimeoutException(message);
