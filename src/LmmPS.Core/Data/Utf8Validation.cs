namespace LmmPS.Core.Data;

/// <summary>Finds the first byte sequence of a stream that is not valid UTF-8 (RFC 3629: no overlong forms, no
/// surrogates, nothing above U+10FFFF), with its 0-based byte offset and 1-based line, so an InvalidEncoding error
/// can point at it instead of the reader silently turning it into U+FFFD (which could merge two factor labels).</summary>
internal static class Utf8Validation
{
    public static bool TryFindInvalid(Stream stream, out long offset, out long line)
    {
        var buffer = new byte[1 << 16];
        long position = 0;
        line = 1;
        int pending = 0; // continuation bytes still expected
        long sequenceStart = 0, sequenceLine = 1;
        int first = 0;   // lead byte of the sequence, for the second-byte range checks
        bool second = false;
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            for (int i = 0; i < read; i++, position++)
            {
                int b = buffer[i];
                if (pending > 0)
                {
                    bool ok = (b & 0xC0) == 0x80;
                    if (ok && second)
                    {
                        // E0: A0..BF (no overlong), ED: 80..9F (no surrogates), F0: 90..BF, F4: 80..8F.
                        ok = first switch
                        {
                            0xE0 => b >= 0xA0,
                            0xED => b <= 0x9F,
                            0xF0 => b >= 0x90,
                            0xF4 => b <= 0x8F,
                            _ => true,
                        };
                    }
                    if (!ok)
                    {
                        offset = sequenceStart;
                        line = sequenceLine;
                        return true;
                    }
                    second = false;
                    pending--;
                    continue;
                }
                if (b == '\n') line++;
                if (b < 0x80) continue;
                sequenceStart = position;
                sequenceLine = line;
                first = b;
                second = true;
                if (b >= 0xC2 && b <= 0xDF) pending = 1;
                else if (b >= 0xE0 && b <= 0xEF) pending = 2;
                else if (b >= 0xF0 && b <= 0xF4) pending = 3;
                else
                {
                    offset = position;
                    return true;
                }
            }
        }
        if (pending > 0)
        {
            offset = sequenceStart;
            line = sequenceLine;
            return true;
        }
        offset = -1;
        return false;
    }
}
