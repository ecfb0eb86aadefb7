using Microsoft.Extensions.Configuration;

namespace Charger.Host.Configuration;

/// <summary>A HOCON file as a configuration source; built on the file source so optional files, base paths
/// and reload on change behave as they do for JSON.</summary>
public sealed class HoconConfigurationSource : FileConfigurationSource
{
    /// <summary>Looks up the environment variables of <c>key = ${?NAME}</c> lines (<see cref="HoconPrecheck.Check"/>);
    /// replace it in tests so they do not depend on the real environment.</summary>
    public Func<string, string?> Environment { get; set; } = System.Environment.GetEnvironmentVariable;

    public override IConfigurationProvider Build(IConfigurationBuilder builder)
    {
        EnsureDefaults(builder);
        return new HoconConfigurationProvider(this);
    }
}
