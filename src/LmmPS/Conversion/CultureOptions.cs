using System.Globalization;
using System.Text;
using LmmPS.Core.Common;

namespace LmmPS.Conversion;

/// <summary>-Culture, -UseCulture and -Encoding as the reader needs them: a decimal separator, a list separator and a
/// text encoding. Only the data is read in a culture; views always print invariant numbers.</summary>
public static class CultureOptions
{
    public static CultureInfo? Resolve(string? name, bool useCurrent)
    {
        if (name is not null && useCurrent)
            throw new LmmException("ConflictingCultureOptions", LmmErrorCategory.InvalidArgument,
                "Give -Culture or -UseCulture, not both.");
        if (useCurrent)
            return CultureInfo.CurrentCulture;
        if (name is null)
            return null;
        try
        {
            return CultureInfo.GetCultureInfo(name);
        }
        catch (CultureNotFoundException ex)
        {
            throw new LmmException("CultureNotFound", LmmErrorCategory.InvalidArgument,
                $"-Culture '{name}' is not a culture this system knows; give a name such as de-DE, fr-FR or en-US.", ex);
        }
    }

    /// <summary>The culture's decimal separator when it is one character ('.' without a culture).</summary>
    public static char DecimalSeparator(CultureInfo? culture) =>
        culture?.NumberFormat.NumberDecimalSeparator is { Length: 1 } separator ? separator[0] : '.';

    /// <summary>The culture's list separator (';' for de-DE), as Import-Csv -UseCulture takes it.</summary>
    public static char ListSeparator(CultureInfo culture) =>
        culture.TextInfo.ListSeparator is { Length: > 0 } separator ? separator[0] : ',';

    /// <summary>-Encoding as an Encoding: a name (utf8, utf-8, latin1, ascii, utf16 / unicode, utf32, or any name .NET
    /// knows) or a code page number; null for the default strict UTF-8.</summary>
    public static Encoding? Encoding(string? name)
    {
        if (name is null)
            return null;
        try
        {
            if (int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out int codePage))
                return System.Text.Encoding.GetEncoding(codePage);
            return name.ToLowerInvariant() switch
            {
                "utf8" or "utf-8" or "utf8nobom" or "utf8bom" => new UTF8Encoding(false),
                "latin1" => System.Text.Encoding.GetEncoding("iso-8859-1"),
                "unicode" or "utf16" or "utf-16" => System.Text.Encoding.Unicode,
                "bigendianunicode" => System.Text.Encoding.BigEndianUnicode,
                "utf32" or "utf-32" => System.Text.Encoding.UTF32,
                "ascii" => System.Text.Encoding.ASCII,
                _ => System.Text.Encoding.GetEncoding(name),
            };
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            throw new LmmException("EncodingNotFound", LmmErrorCategory.InvalidArgument,
                $"-Encoding '{name}' is not an encoding this system knows; give e.g. utf8, latin1, 1252 or utf16.", ex);
        }
    }
}
