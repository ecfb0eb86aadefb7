using System.ComponentModel;
using System.Globalization;

namespace Charger.Host.Configuration;

/// <summary>
/// Lets options of type <see cref="TimeSpan"/> bind from HOCON durations (<c>5s</c>, <c>500ms</c>), options of type
/// <see cref="long"/> from HOCON sizes (<c>10MB</c>) and options of type <see cref="bool"/> from HOCON switches
/// (<c>on</c>, <c>yes</c>), by giving those three types a wider type converter.
/// </summary>
/// <remarks>
/// <para>
/// Why at bind time and not in the provider: the provider could rewrite every value that looks like a
/// duration into TimeSpan's "c" form, but it cannot know the target type, so a string option whose value
/// happens to read "5s" (or "yes") would silently become "00:00:05" (or "true"), and an override from the
/// environment (<c>CHARGER__HTTP__PUBLIC-READS=on</c>) would not be rewritten at all. (Akka.NET's parser keeps
/// every value as the text written, so the provider could not even tell a quoted "on" from a switch.) The
/// configuration binder converts strings with <see cref="TypeDescriptor.GetConverter(Type)"/>, so registering
/// converters for TimeSpan, long and bool converts exactly the values bound to those types, from any source.
/// </para>
/// <para>
/// The registration is process-wide, so each converter accepts everything the stock one does, with the
/// same result, plus the HOCON form. The one exception is a bare number for a TimeSpan: the stock converter
/// reads "5" as five days and HOCON as five milliseconds, so it is refused as ambiguous.
/// This relies on the reflection binder; the configuration binding source generator parses TimeSpan itself
/// and is not enabled in this repository.
/// </para>
/// </remarks>
public static class HoconConverters
{
    private static readonly Lock s_gate = new();
    private static bool s_registered;

    /// <summary>Registers the converters once per process; later calls do nothing. The AddHocon* builder
    /// extensions call it, so binding a HOCON file needs nothing more.</summary>
    public static void Register()
    {
        lock (s_gate)
        {
            if (s_registered)
                return;
            TypeDescriptor.AddAttributes(typeof(TimeSpan), new TypeConverterAttribute(typeof(HoconTimeSpanConverter)));
            TypeDescriptor.AddAttributes(typeof(long), new TypeConverterAttribute(typeof(HoconInt64Converter)));
            TypeDescriptor.AddAttributes(typeof(bool), new TypeConverterAttribute(typeof(HoconBooleanConverter)));
            s_registered = true;
        }
    }
}

/// <summary>TimeSpan from a HOCON duration or the stock forms ("00:00:05"); errors say what to write.</summary>
internal sealed class HoconTimeSpanConverter : TimeSpanConverter
{
    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value)
    {
        if (value is not string text)
            return base.ConvertFrom(context, culture, value);
        if (HoconDuration.TryParse(text, out var duration))
            return duration;
        var trimmed = text.Trim();
        if (trimmed.Length > 0 && trimmed.All(c => char.IsAsciiDigit(c) || c == '.'))
            throw new FormatException($"'{text}' has no unit: write {HoconDuration.ExpectedForm} ('{trimmed}' alone is milliseconds in HOCON but days in .NET)");
        try
        {
            return base.ConvertFrom(context, culture, value);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new FormatException($"'{text}' is not a duration: write {HoconDuration.ExpectedForm}, or d.hh:mm:ss", e);
        }
    }
}

/// <summary>long from a HOCON size or the stock forms (including "0x" hex); errors say what to write.</summary>
internal sealed class HoconInt64Converter : Int64Converter
{
    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value)
    {
        if (value is not string text)
            return base.ConvertFrom(context, culture, value);
        if (HoconSize.TryParse(text, out var bytes))
            return bytes;
        try
        {
            return base.ConvertFrom(context, culture, value);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new FormatException($"'{text}' is not a whole number or a size: write {HoconSize.ExpectedForm}", e);
        }
    }
}

/// <summary>bool from a HOCON switch (on/off, yes/no, as HOCON writes them) or the stock forms (true/false in any
/// case). Ours rather than Akka.NET's <c>HoconValue.GetBoolean</c>, which refuses yes and no (tested on 1.5.75).</summary>
internal sealed class HoconBooleanConverter : BooleanConverter
{
    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value)
    {
        if (value is not string text)
            return base.ConvertFrom(context, culture, value);
        switch (text.Trim())
        {
            case "on" or "yes":
                return true;
            case "off" or "no":
                return false;
        }
        try
        {
            return base.ConvertFrom(context, culture, value);
        }
        catch (FormatException e)
        {
            throw new FormatException($"'{text}' is not a switch: write on or off (yes/no and true/false work too)", e);
        }
    }
}
