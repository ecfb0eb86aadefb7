using Microsoft.Extensions.Configuration;

namespace Charger.Host.Configuration;

/// <summary>Loads HOCON from a stream; unlike the file provider it lets a <see cref="HoconParseException"/>
/// through unwrapped. A stream can be read once, so this provider cannot reload.</summary>
public sealed class HoconStreamConfigurationProvider(HoconStreamConfigurationSource source) : StreamConfigurationProvider(source)
{
    public override void Load(Stream stream)
    {
        using var reader = new StreamReader(stream);
        var hocon = (HoconStreamConfigurationSource)Source;
        Data = HoconParser.Parse(reader.ReadToEnd(), hocon.SourceName, hocon.Environment);
    }
}
