using Microsoft.Extensions.Configuration;

namespace Charger.Host.Configuration.Settings;

/// <summary><c>site { }</c>: what all chargers of the site share (those of this host, or of every node of a site cluster).</summary>
public sealed class SiteSettings
{
    /// <summary>
    /// The site's current budget in amps: the chargers together never get more (a start is admitted only with a grant of
    /// at least 6 A). Unset: no budget, every charger takes what its own max current says.
    /// </summary>
    [ConfigurationKeyName("max-current-a")]
    public int? MaxCurrentA { get; set; }
}
