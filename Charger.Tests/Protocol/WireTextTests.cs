using System.Text;
using Charger.Actors.Protocol;
using FsCheck;
using FsCheck.Fluent;

namespace Charger.Tests.Protocol;

public sealed class WireTextTests
{
    [Fact]
    public void Lenient_decoding_matches_the_framework_utf8_decoder_on_any_bytes()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes =>
                WireText.DecodeLenient(bytes) == Encoding.UTF8.GetString(bytes))
            .QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData(new byte[] { 0x00, 0xFF, 0xE0, 0x80 })]
    [InlineData(new byte[] { 0xF0, 0x9F, 0x98, 0x80, 0x41 })] // a surrogate pair then ASCII
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]             // an encoded surrogate: invalid
    [InlineData(new byte[] { 0xC3 })]                          // truncated sequence
    public void Lenient_decoding_matches_on_edge_cases(byte[] bytes) =>
        Assert.Equal(Encoding.UTF8.GetString(bytes), WireText.DecodeLenient(bytes));
}
