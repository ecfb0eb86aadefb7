namespace Charger.Actors.Protocol;

/// <summary>
/// Collects the fields a frame has no typed slot for, with "last value wins" for a repeated key.
/// Allocates nothing until the first such field, which the firmware's own frames never have.
/// </summary>
internal struct ExtraFieldsBuilder
{
    private List<Esp32Field>? _fields;

    public void Set(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        var field = new Esp32Field(WireText.ToText(key), WireText.ToText(value));
        _fields ??= new List<Esp32Field>(4);
        var index = IndexOf(key);
        if (index >= 0)
        {
            _fields[index] = field;
        }
        else
        {
            _fields.Add(field);
        }
    }

    /// <summary>A later valid value for a typed field overrides an earlier malformed one kept here.</summary>
    public readonly void Remove(ReadOnlySpan<byte> key)
    {
        var index = IndexOf(key);
        if (index >= 0)
        {
            _fields!.RemoveAt(index);
        }
    }

    public readonly FrameFields Build() =>
        _fields is null || _fields.Count == 0 ? FrameFields.Empty : new FrameFields([.. _fields]);

    private readonly int IndexOf(ReadOnlySpan<byte> key)
    {
        if (_fields is null)
        {
            return -1;
        }

        for (var i = 0; i < _fields.Count; i++)
        {
            if (WireText.Spells(key, _fields[i].Key))
            {
                return i;
            }
        }

        return -1;
    }
}
