namespace Charger.Host.Security;

/// <summary>What a key may do. Control includes read.</summary>
public enum ApiRole
{
    Read = 1,
    Control = 2,
}
