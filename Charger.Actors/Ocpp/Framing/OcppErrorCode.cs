namespace Charger.Actors.Ocpp.Framing;

/// <summary>
/// The CALLERROR codes of OCPP-J 1.6 (section 4.2.3). 1.6 spells two of them its own way: FormationViolation (later
/// versions say FormatViolation, which peers may send us, see <see cref="IsFormationViolation"/>) and
/// OccurenceConstraintViolation (one r).
/// </summary>
public static class OcppErrorCode
{
    public const string NotImplemented = "NotImplemented";
    public const string NotSupported = "NotSupported";
    public const string InternalError = "InternalError";
    public const string ProtocolError = "ProtocolError";
    public const string SecurityError = "SecurityError";
    public const string FormationViolation = "FormationViolation";
    public const string PropertyConstraintViolation = "PropertyConstraintViolation";
    public const string OccurenceConstraintViolation = "OccurenceConstraintViolation";
    public const string TypeConstraintViolation = "TypeConstraintViolation";
    public const string GenericError = "GenericError";

    /// <summary>OCPP 2.0's name for <see cref="FormationViolation"/>, which some 1.6 central systems send.</summary>
    public const string FormatViolation = "FormatViolation";

    public static bool IsFormationViolation(string code) => code is FormationViolation or FormatViolation;
}
