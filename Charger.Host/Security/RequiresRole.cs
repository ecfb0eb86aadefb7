namespace Charger.Host.Security;

/// <summary>Endpoint metadata: the role a request needs. Endpoints without it are open (health probes).</summary>
public sealed record RequiresRole(ApiRole Role);

public static class RequiresRoleExtensions
{
    public static TBuilder RequireRole<TBuilder>(this TBuilder builder, ApiRole role) where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new RequiresRole(role));
        return builder;
    }
}
