using System.Text.RegularExpressions;
using Charger.Host.Configuration;
using FsCheck;
using FsCheck.Fluent;

namespace Charger.Tests.Host.Configuration;

/// <summary>
/// Whatever an operator writes, reading it ends, and ends either with keys or with a
/// <see cref="ConfigurationException"/> naming the source (and a line and column inside the text where it gives
/// one): never another exception, a hang or a crash. Akka.NET's parser alone does all three on some texts
/// (<see cref="HoconPrecheck"/>); this looks for any the checks miss.
/// </summary>
public sealed partial class HoconPropertyTests
{
    private static readonly Config s_config = Config.QuickThrowOnFailure.WithQuietOnSuccess(true);

    [Fact]
    public void No_text_makes_reading_hang_or_throw_anything_but_a_configuration_error()
    {
        var property = Prop.ForAll(Garbage().ToArbitrary(), text =>
        {
            var read = Task.Run(() => HoconReader.Flatten(HoconReader.Parse(text, "garbage.conf")));
            try
            {
                if (!read.Wait(TimeSpan.FromSeconds(10)))
                    return false.Label("did not return");
                return true.ToProperty();
            }
            catch (AggregateException e) when (e.InnerException is ConfigurationException error)
            {
                if (error.Key != "--config" || !error.Message.StartsWith("garbage.conf:", StringComparison.Ordinal))
                    return false.Label(error.Message);
                if (Position().Match(error.Message) is not { Success: true } at)
                    return true.ToProperty();
                var (line, column) = (int.Parse(at.Groups[1].Value), int.Parse(at.Groups[2].Value));
                var lines = text.Split('\n');
                return (line >= 1 && line <= lines.Length && column >= 1 && column <= lines[line - 1].Length + 1).Label(error.Message);
            }
        });

        Check.One(s_config.WithMaxTest(3_000), property);
    }

    /// <summary>Text made of HOCON's meaningful pieces, so that most of it reaches deep into the parser.</summary>
    private static Gen<string> Garbage()
    {
        var piece = Gen.Elements(
            "a", "b.c", "\"k\"", "=", ":", "{", "}", "[", "]", ",", "\n", " ", "\t", "\r\n", "#x\n", "//y\n", ".", "..",
            "\"", "\"\"\"", "\"s\\n\"", "\\", "\\u12", "\\u00e9", "${", "${a}", "${b.c}", "${?UNSET}", "${UNSET}", "$", "}}",
            "include ", "+=", "5s", "null", "on", "\"a:b\"", "\uFEFF", "\0", "é", "\uD800", "a = 1\n", "x { y = [1, 2] }\n",
            "@", "!", "`", "?", "&", "*", "^", "= [", "[{", "}]", "\"\"");
        var anyChar = Gen.Choose(0, 0xFFFF).Select(i => ((char)i).ToString());
        var pieces = Gen.Frequency((9, piece), (1, anyChar));
        return Gen.Frequency((3, Gen.Choose(0, 30)), (1, Gen.Choose(0, 200)))
            .SelectMany(n => Gen.ArrayOf(pieces, n))
            .Select(string.Concat);
    }

    [GeneratedRegex(@"^garbage\.conf:(\d+):(\d+): ")]
    private static partial Regex Position();
}
