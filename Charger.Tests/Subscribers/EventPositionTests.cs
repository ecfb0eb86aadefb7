using Charger.Actors.Subscribers;

namespace Charger.Tests.Subscribers;

/// <summary>A site stream's id: the last sequence per charger, short, and read back exactly or refused with a reason.</summary>
public sealed class EventPositionTests
{
    [Fact]
    public void A_position_is_written_charger_colon_sequence_ordered_by_charger_and_read_back_unchanged()
    {
        var position = EventPosition.Empty.With("cp-2", 17).With("cp-1", 42).With("cp-10", 0);
        Assert.Equal("cp-1:42,cp-10:0,cp-2:17", position.ToString());
        Assert.True(EventPosition.TryParse(position.ToString(), out var back, out var error), error);
        Assert.Equal(position.Sequences, back.Sequences);
        Assert.Equal(42, back.Of("cp-1"));
        Assert.Null(back.Of("cp-3"));
    }

    [Fact]
    public void A_charger_id_with_the_separators_or_other_characters_an_id_allows_is_escaped_and_comes_back()
    {
        // Actor path elements (what a charger id must be) may hold ':' ',' '=' '@' and more.
        var position = EventPosition.Empty.With("pillar:1,a=b@site", 5).With("cp-1", 6);
        var text = position.ToString();
        Assert.Equal("cp-1:6,pillar%3A1%2Ca%3Db%40site:5", text);
        Assert.DoesNotContain('\n', text);
        Assert.True(EventPosition.TryParse(text, out var back, out var error), error);
        Assert.Equal(5, back.Of("pillar:1,a=b@site"));
    }

    [Theory]
    [InlineData("cp-1", "is not charger:sequence")]
    [InlineData(":4", "is not charger:sequence")]
    [InlineData("cp-1:", "must be a whole number")]
    [InlineData("cp-1:-3", "must be a whole number")]
    [InlineData("cp-1:4,cp-2:x", "must be a whole number")]
    [InlineData("cp-1:4,cp-1:5", "twice")]
    [InlineData("cp-1:4,", "is not charger:sequence")]
    [InlineData("cp-1:99999999999999999999", "must be a whole number")]
    public void Anything_else_is_refused_with_the_reason(string text, string reason)
    {
        Assert.False(EventPosition.TryParse(text, out var position, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Same(EventPosition.Empty, position);
    }

    [Fact]
    public void More_chargers_than_a_site_can_have_is_refused()
    {
        var text = string.Join(',', Enumerable.Range(0, EventPosition.MaxChargers + 1).Select(i => $"cp-{i}:1"));
        Assert.False(EventPosition.TryParse(text, out _, out var error));
        Assert.Contains("more than 256 chargers", error, StringComparison.Ordinal);
    }
}
