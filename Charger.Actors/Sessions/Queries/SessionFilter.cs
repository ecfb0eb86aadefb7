namespace Charger.Actors.Sessions.Queries;

/// <summary>
/// Which sessions a list returns: one charger's (or, with a null <see cref="ChargerId"/>, every charger's in the store: a
/// site cluster's legacy <c>/api/sessions</c>), optionally of one status and one user, a page at a time.
/// </summary>
public sealed record SessionFilter(string? ChargerId, SessionStatus? Status = null, string? UserId = null, int Limit = SessionFilter.DefaultLimit, int Offset = 0)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;
}
