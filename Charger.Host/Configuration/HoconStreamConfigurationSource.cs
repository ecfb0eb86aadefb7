using Microsoft.Extensions.Configuration;

namespace Charger.Host.Configuration;

/// <summary>HOCON from a stream (or a string, through <see cref="HoconConfigurationExtensions.AddHoconString"/>),
/// for tests and for text that does not live in a file.</summary>
public sealed class HoconStreamConfigurationSource : StreamConfigurationSource
{
    /// <summary>Names the text in error messages.</summary>
    public string SourceName { get; set; } = "<stream>";

    /// <summary>Looks up the environment variables of <c>key = ${?NAME}</c> lines (<see cref="HoconPrecheck.Check"/>).</summary>
    public Func<string, string?> Environment { get; set; } = System.Environment.GetEnvironmentVariable;

    public override IConfigurationProvider Build(IConfigurationBuilder builder) => new HoconStreamConfigurationProvider(this);
}
