namespace Charger.Actors.Protocol;

/// <summary>
/// Walks the <c>;</c>-separated pieces of a frame's body the way the predecessor did: each piece trimmed,
/// empty pieces skipped, key and value split at the first <c>=</c> and trimmed again. Spans only, no allocation.
/// </summary>
internal ref struct FieldReader
{
    private ReadOnlySpan<byte> _rest;

    public FieldReader(ReadOnlySpan<byte> body) => _rest = body;

    /// <summary>The key, or the whole piece when it has no <c>=</c>.</summary>
    public ReadOnlySpan<byte> Key { get; private set; }

    public ReadOnlySpan<byte> Value { get; private set; }

    public bool HasValue { get; private set; }

    public bool MoveNext()
    {
        while (!_rest.IsEmpty)
        {
            ReadOnlySpan<byte> piece;
            var semicolon = _rest.IndexOf((byte)';');
            if (semicolon < 0)
            {
                piece = _rest;
                _rest = default;
            }
            else
            {
                piece = _rest[..semicolon];
                _rest = _rest[(semicolon + 1)..];
            }

            piece = WireText.Trim(piece);
            if (piece.IsEmpty)
            {
                continue;
            }

            var equals = piece.IndexOf((byte)'=');
            if (equals < 0)
            {
                Key = piece;
                Value = default;
                HasValue = false;
            }
            else
            {
                Key = WireText.Trim(piece[..equals]);
                Value = WireText.Trim(piece[(equals + 1)..]);
                HasValue = true;
            }

            return true;
        }

        return false;
    }
}
