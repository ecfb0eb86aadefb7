using Microsoft.Extensions.Configuration;

namespace Charger.Host.Configuration;

/// <summary>A HOCON file as a configuration source; built on the file source so optional files, base paths
/// and reload on change behave as they do for JSON.</summary>
public sealed class HoconConfigurationSource : FileConfigurationSource
{
    public override IConfigurationProvider Build(IConfigurationBuilder builder)
    {
        EnsureDefaults(builder);
        return new HoconConfigurationProvider(this);
    }
}
