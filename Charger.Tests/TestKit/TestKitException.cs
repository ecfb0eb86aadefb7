namespace Charger.Tests.TestKit;

/// <summary>A test helper's own failure (an expectation that the Akka TestKit does not word for us).</summary>
public sealed class TestKitException(string message) : Exception(message);
