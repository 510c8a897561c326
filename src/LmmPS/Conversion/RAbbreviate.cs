using System.Text;

namespace LmmPS.Conversion;

/// <summary>R's abbreviate(x, minlength) (method "left.kept", use.classes = TRUE), which names the columns of
/// summary()'s "Correlation of Fixed Effects" (minlength 6: "(Intercept)" becomes "(Intr)"). A name no longer than
/// minlength is kept. Otherwise, from the right and never the first character: drop lower-case vowels that end a word,
/// then lower-case vowels, then lower-case letters that end a word, then lower-case letters, then any character that
/// does not start a word, each pass stopping as soon as the name (spaces not counted) is short enough; finally
/// spaces go when the name is still longer than minlength. Duplicate abbreviations are not lengthened (R does).</summary>
internal static class RAbbreviate
{
    public static string Abbreviate(string name, int minLength)
    {
        if (name.Length <= minLength)
            return name;
        var b = new StringBuilder(name.Trim());
        int spaces = 0;
        for (int i = 1; i < b.Length; i++)
            if (char.IsWhiteSpace(b[i])) spaces++;
        bool Short() => b.Length - spaces <= minLength;
        bool FirstChar(int i) => char.IsWhiteSpace(b[i - 1]);
        bool LastChar(int i) => !char.IsWhiteSpace(b[i - 1]) && (i + 1 == b.Length || char.IsWhiteSpace(b[i + 1]));
        static bool Vowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';

        var passes = new Func<int, bool>[]
        {
            i => Vowel(b[i]) && LastChar(i),
            i => Vowel(b[i]) && !FirstChar(i),
            i => char.IsLower(b[i]) && LastChar(i),
            i => char.IsLower(b[i]) && !FirstChar(i),
            i => !FirstChar(i) && !char.IsWhiteSpace(b[i]),
        };
        foreach (var drop in passes)
        {
            if (Short()) break;
            for (int i = b.Length - 1; i > 0; i--)
            {
                if (drop(i)) b.Remove(i, 1);
                if (Short()) break;
            }
        }
        if (b.Length > minLength)
            for (int i = b.Length - 1; i > 0; i--)
                if (char.IsWhiteSpace(b[i])) b.Remove(i, 1);
        return b.ToString();
    }
}
