using Charger.Actors.Charging;
using Charger.Actors.Protocol;
using Charger.Tests.Protocol;

namespace Charger.Tests.Charging;

public sealed class ChargerStatusTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    private static StatFrame Decode(string line) => Wire.Single<StatFrame>(line);

    [Fact]
    public void A_charging_frame_reads_with_honest_names()
    {
        // Recorded on real hardware (ESP32-FIRMWARE.md 1.7).
        var status = ChargerStatus.FromFrame(Decode(
            "<STAT;CP=2;CPV=1847;PP=1;PPV=1520;RL=1;LOCK=1;MOTOR=0;PWM=66;MAX=16;CABLE=20;AUTH=1;STATE=5;PB=0;STOP=0;>"), At)!;
        Assert.Equal(ChargerState.Charging, status.State);
        Assert.Equal(PilotState.ChargeRequested, status.Pilot);
        Assert.Equal(1847, status.PilotAdcCounts);
        Assert.Equal(20, status.CableRatingAmps);
        Assert.Equal(16, status.MaxCurrentAmps);
        Assert.Equal(66, status.PwmDuty);
        Assert.True(status.Authorized);
        Assert.Equal(PowerBoardState.Ok, status.PowerBoard);
        Assert.Equal(RelayState.Closed, status.Relay);
        Assert.Equal(CableLockState.Locked, status.CableLock);
        Assert.Equal(At, status.ReceivedAt);
    }

    [Theory]
    [InlineData(6, 1, 0, 0, RelayState.Open, CableLockState.Locked)]     // RL stays 1 in Paused: the relay is open
    [InlineData(7, 0, 1, 0, RelayState.Open, CableLockState.Unlocked)]   // LOCK=1 in Stopped means the unlock pulse ran
    [InlineData(7, 0, 0, 0, RelayState.Open, CableLockState.Locked)]     // unlock pulse still pending
    [InlineData(4, 1, 1, 0, RelayState.Closed, CableLockState.Locked)]
    [InlineData(4, 0, 0, 0, RelayState.Unknown, CableLockState.Unlocked)]
    [InlineData(8, 0, 0, 1, RelayState.Open, CableLockState.Unlocked)]   // fault unlock done
    [InlineData(1, 0, 0, 0, RelayState.Unknown, CableLockState.Unknown)] // Idle leaves both as they were
    public void Relay_and_lock_are_derived_with_their_real_meaning(int state, int rl, int lockFlag, int motor, RelayState relay, CableLockState cableLock)
    {
        var status = ChargerStatus.FromFrame(Decode(
            $"<STAT;CP=1;CPV=2885;PP=1;PPV=910;RL={rl};LOCK={lockFlag};MOTOR={motor};PWM=66;MAX=16;CABLE=32;AUTH=0;STATE={state};PB=0;STOP=0;>"), At)!;
        Assert.Equal(relay, status.Relay);
        Assert.Equal(cableLock, status.CableLock);
    }

    [Fact]
    public void A_frame_without_a_state_is_no_status() =>
        Assert.Null(ChargerStatus.FromFrame(Decode("<STAT;CP=1;CPV=2885;>"), At));

    [Fact]
    public void Undefined_codes_stay_visible_as_codes()
    {
        var status = ChargerStatus.FromFrame(Decode("<STAT;CP=7;STATE=42;PB=9;NEW=1;>"), At)!;
        Assert.Null(status.State);
        Assert.Equal(42, status.StateCode);
        Assert.Null(status.Pilot);
        Assert.Null(status.PowerBoard);
        Assert.True(status.Extra.TryGetValue("NEW", out _));
    }

    [Fact]
    public void Freshness_follows_stale_after()
    {
        var status = ChargerStatus.FromFrame(Decode("<STAT;STATE=1;>"), At)!;
        Assert.Equal(StatusFreshness.Fresh, status.FreshnessAt(At.AddSeconds(10), TimeSpan.FromSeconds(10)));
        Assert.Equal(StatusFreshness.Stale, status.FreshnessAt(At.AddSeconds(10.001), TimeSpan.FromSeconds(10)));
    }
}
