using Akka.Configuration;
using Microsoft.Extensions.Configuration;

namespace Charger.Host.Configuration;

/// <summary>
/// Loads a HOCON file into configuration keys, parsed by Akka.NET (<see cref="HoconReader"/>). A parse error
/// surfaces from <c>Build()</c> as the file provider's <see cref="InvalidDataException"/> naming the full path,
/// with a <see cref="ConfigurationException"/> (path:line:column and what is wrong) as its inner exception.
/// </summary>
public sealed class HoconConfigurationProvider(HoconConfigurationSource source) : FileConfigurationProvider(source), IHoconConfigurationProvider
{
    /// <summary>The file as Akka.NET parsed it; null before a load or when an optional file is missing.</summary>
    public Config? Config { get; private set; }

    public override void Load(Stream stream)
    {
        using var reader = new StreamReader(stream);
        var path = Source.Path ?? "<file>";
        var config = HoconReader.Parse(reader.ReadToEnd(), Source.FileProvider?.GetFileInfo(path).PhysicalPath ?? path, ((HoconConfigurationSource)Source).Environment);
        Data = HoconReader.Flatten(config);
        Config = config;
    }
}

/// <summary>A configuration provider that holds its HOCON as Akka.NET's <see cref="Akka.Configuration.Config"/>, with
/// arrays and objects as written, for <see cref="HostConfiguration.ToAkkaConfig"/>.</summary>
internal interface IHoconConfigurationProvider
{
    Config? Config { get; }
}
