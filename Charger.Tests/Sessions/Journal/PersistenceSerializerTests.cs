using System.Text.Json.Nodes;
using Charger.Actors.Sessions.Journal;

namespace Charger.Tests.Sessions.Journal;

public sealed class PersistenceSerializerTests
{
    public enum Phase
    {
        Idle,
        Charging,
    }

    public sealed record SessionStarted(string ChargerId, DateTimeOffset At, Phase Phase, IReadOnlyList<int> Currents);

    /// <summary>Version 3 of an event whose v1 had "amps" and v2 "currentA"; v3 adds a unit.</summary>
    public sealed record CurrentSet(double Current, string Unit);

    public sealed record Unregistered(int X);

    private static PersistenceSerializer Serializer() => new PersistenceSerializer()
        .Register<SessionStarted>("session-started")
        .Register<CurrentSet>("current-set", version: 3)
        .RegisterUpcaster("current-set", 1, v1 => new JsonObject { ["currentA"] = v1["amps"]!.GetValue<double>() })
        .RegisterUpcaster("current-set", 2, v2 =>
        {
            v2["current"] = v2["currentA"]!.GetValue<double>();
            v2.AsObject().Remove("currentA");
            v2["unit"] = "A";
            return v2;
        });

    [Fact]
    public void An_event_round_trips_with_its_manifest_and_current_version()
    {
        var serializer = Serializer();
        var started = new SessionStarted("cp-ü-1", new DateTimeOffset(2026, 5, 1, 8, 30, 0, TimeSpan.FromHours(2)), Phase.Charging, [6, 16, 32]);

        var serialized = serializer.Serialize(started);
        var back = (SessionStarted)serializer.Deserialize(serialized.Manifest, serialized.SchemaVersion, serialized.Payload);

        Assert.Equal("session-started", serialized.Manifest);
        Assert.Equal(1, serialized.SchemaVersion);
        Assert.Equal(started.ChargerId, back.ChargerId);
        Assert.Equal(started.At, back.At);
        Assert.Equal(started.At.Offset, back.At.Offset);
        Assert.Equal(Phase.Charging, back.Phase);
        Assert.Equal([6, 16, 32], back.Currents);
    }

    [Fact]
    public void The_payload_is_camel_case_json_with_enums_as_names()
    {
        var serialized = Serializer().Serialize(new SessionStarted("cp-1", DateTimeOffset.UnixEpoch, Phase.Charging, []));

        var json = JsonNode.Parse(serialized.Payload)!;
        Assert.Equal("cp-1", json["chargerId"]!.GetValue<string>());
        Assert.Equal("Charging", json["phase"]!.GetValue<string>());
    }

    [Fact]
    public void The_current_version_is_written()
    {
        var serialized = Serializer().Serialize(new CurrentSet(16, "A"));
        Assert.Equal(("current-set", 3), (serialized.Manifest, serialized.SchemaVersion));
    }

    [Theory]
    [InlineData(1, """{"amps":10.5}""")]
    [InlineData(2, """{"currentA":10.5}""")]
    [InlineData(3, """{"current":10.5,"unit":"A"}""")]
    public void Old_versions_are_upcast_to_the_current_type(int version, string payload)
    {
        var back = Serializer().Deserialize("current-set", version, payload);
        Assert.Equal(new CurrentSet(10.5, "A"), back);
    }

    [Fact]
    public void An_unknown_manifest_is_a_clear_error()
    {
        var error = Assert.Throws<PersistenceSerializationException>(() => Serializer().Deserialize("session-exploded", 1, "{}"));
        Assert.Contains("Unknown manifest 'session-exploded'", error.Message);
    }

    [Fact]
    public void A_missing_upcaster_is_a_clear_error()
    {
        var serializer = new PersistenceSerializer().Register<CurrentSet>("current-set", version: 3)
            .RegisterUpcaster("current-set", 2, v2 => v2);

        var error = Assert.Throws<PersistenceSerializationException>(() => serializer.Deserialize("current-set", 1, """{"amps":1}"""));

        Assert.Contains("no upcaster from version 1 to 2", error.Message);
    }

    [Fact]
    public void A_version_newer_than_the_program_is_a_clear_error()
    {
        var error = Assert.Throws<PersistenceSerializationException>(() => Serializer().Deserialize("current-set", 4, "{}"));
        Assert.Contains("newer", error.Message);
    }

    [Fact]
    public void A_payload_that_does_not_fit_the_type_is_a_clear_error()
    {
        var error = Assert.Throws<PersistenceSerializationException>(() => Serializer().Deserialize("session-started", 1, """{"chargerId":42"""));
        Assert.Contains("session-started", error.Message);
        Assert.IsType<System.Text.Json.JsonException>(error.InnerException, exactMatch: false);
    }

    [Fact]
    public void An_unregistered_type_cannot_be_serialized()
    {
        var error = Assert.Throws<PersistenceSerializationException>(() => Serializer().Serialize(new Unregistered(1)));
        Assert.Contains(nameof(Unregistered), error.Message);
    }

    [Fact]
    public void A_manifest_or_a_type_can_be_registered_only_once()
    {
        var serializer = new PersistenceSerializer().Register<CurrentSet>("current-set");

        Assert.Throws<ArgumentException>(() => serializer.Register<Unregistered>("current-set"));
        Assert.Throws<ArgumentException>(() => serializer.Register<CurrentSet>("other"));
        Assert.Throws<ArgumentException>(() => serializer.RegisterUpcaster("x", 1, n => n).RegisterUpcaster("x", 1, n => n));
        serializer.Register<Unregistered>("unregistered"); // the failed attempts left nothing behind
        Assert.True(serializer.IsRegistered(typeof(Unregistered)));
    }

    [Fact]
    public void Concurrent_reads_and_writes_of_one_serializer_agree()
    {
        var serializer = Serializer();
        Parallel.For(0, 2000, i =>
        {
            var s = serializer.Serialize(new CurrentSet(i, "A"));
            Assert.Equal(new CurrentSet(i, "A"), serializer.Deserialize(s.Manifest, s.SchemaVersion, s.Payload));
            Assert.Equal(new CurrentSet(i, "A"), serializer.Deserialize("current-set", 1, $$"""{"amps":{{i}}}"""));
        });
    }
}
