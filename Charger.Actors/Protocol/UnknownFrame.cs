namespace Charger.Actors.Protocol;

/// <summary>
/// A well-formed <c>&lt;...&gt;</c> frame of a kind this decoder does not know, such as the (unreachable)
/// <c>&lt;CARDEXISTS=1;&gt;</c>. <see cref="Text"/> is the whole frame, brackets included.
/// </summary>
public sealed record UnknownFrame(string Text) : Esp32Frame;
