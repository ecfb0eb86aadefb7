using Akka.Configuration;
using Microsoft.Extensions.Configuration;

namespace Charger.Host.Configuration;

/// <summary>Loads HOCON from a stream; unlike the file provider it lets a <see cref="ConfigurationException"/>
/// through unwrapped. A stream can be read once, so this provider cannot reload.</summary>
public sealed class HoconStreamConfigurationProvider(HoconStreamConfigurationSource source) : StreamConfigurationProvider(source), IHoconConfigurationProvider
{
    /// <summary>The text as Akka.NET parsed it; null before the load.</summary>
    public Config? Config { get; private set; }

    public override void Load(Stream stream)
    {
        using var reader = new StreamReader(stream);
        var hocon = (HoconStreamConfigurationSource)Source;
        var config = HoconReader.Parse(reader.ReadToEnd(), hocon.SourceName, hocon.Environment);
        Data = HoconReader.Flatten(config);
        Config = config;
    }
}
