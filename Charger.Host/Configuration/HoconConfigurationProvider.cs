using Microsoft.Extensions.Configuration;

namespace Charger.Host.Configuration;

/// <summary>
/// Loads a HOCON file into configuration keys. A parse error surfaces from <c>Build()</c> as the file
/// provider's <see cref="InvalidDataException"/> naming the full path, with the
/// <see cref="HoconParseException"/> (file:line:column and what is wrong) as its inner exception.
/// </summary>
public sealed class HoconConfigurationProvider(HoconConfigurationSource source) : FileConfigurationProvider(source)
{
    public override void Load(Stream stream)
    {
        using var reader = new StreamReader(stream);
        var hocon = (HoconConfigurationSource)Source;
        Data = HoconParser.Parse(reader.ReadToEnd(), Source.Path ?? "<file>", hocon.Environment);
    }
}
