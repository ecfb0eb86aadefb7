namespace Charger.Actors.Simulation;

/// <summary>
/// What the power board reports (packet byte 1) and what the firmware shows in the STAT field <c>PB</c>.
/// </summary>
public enum PowerBoardStatus : byte
{
    /// <summary>0: no fault (packet <c>'0'</c>).</summary>
    Ok = 0,

    /// <summary>1: phase fault, "no phase" (packet <c>'1'</c>, messages <c>PF_...</c>).</summary>
    PhaseFault = 1,

    /// <summary>2: earth fault, "no earth" (packet <c>'2'</c>, messages <c>GF_...</c>).</summary>
    EarthFault = 2,
}
