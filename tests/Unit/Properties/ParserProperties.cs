using FsCheck;
using FsCheck.Fluent;
using LmmPS.Core.Common;
using LmmPS.Core.Formulas;

namespace LmmPS.Tests.Properties;

/// <summary>The formula parser, on any text, returns a formula or throws one of its two LmmExceptions with a
/// position inside the text: never an IndexOutOfRange, NullReference or the like.</summary>
public class ParserProperties
{
    private static readonly string[] Tokens =
    {
        "y", "x", "g", "h", "a.b", "`a b`", "`", "0", "1", "1.5", "1e3", "~", "+", "-", "*", "/", ":", "^", "**", "(", ")",
        "|", "||", "%in%", "%", ".", ",", "log(", "offset(", "I(", "$", " ", "\t", "\n", "_", "é", "\u00a0", "'", "\"",
        "#", "\\", "\0", "(1 | g)", "(x || g/h)", "0 +", "- 1", "y ~",
    };

    /// <summary>True when the text parsed, false when it was rejected with a formula error.</summary>
    private static bool ParsesOrRejects(string text)
    {
        try
        {
            var formula = FormulaParser.Parse(text);
            Assert.Equal(text, formula.Text);
            Assert.False(string.IsNullOrEmpty(formula.Response));
            return true;
        }
        catch (LmmException e)
        {
            Assert.Contains(e.ErrorId, new[] { "FormulaSyntaxError", "UnsupportedFormulaConstruct" });
            Assert.NotNull(e.Position);
            Assert.InRange(e.Position!.Value, 0, text.Length);
            return false;
        }
    }

    [Fact]
    public void Random_strings_give_a_formula_or_a_formula_error()
    {
        var strings = ArbMap.Default.ArbFor<string>().Filter(s => s is not null);
        PropertyRun.Check(2000, Prop.ForAll(strings, text => { ParsesOrRejects(text); }));
    }

    [Fact]
    public void Random_token_sequences_give_a_formula_or_a_formula_error()
    {
        // Strings over formula tokens reach far deeper into the parser than arbitrary characters do.
        // Atoms joined by operators, with a random token slipped in now and then: near-misses of valid formulas.
        var atom = Gen.Elements("x", "z", "1", "0", "a.b", "`a b`", "(x + z)", "(1 | g)", "(x || g/h)", "(0 + x | g:h)");
        var join = Gen.Elements(" + ", "+", " - ", " * ", ":", " / ");
        var junk = Gen.Elements(Tokens);
        Gen<string> Piece(Gen<string> good) => Gen.Frequency((12, good), (1, junk));
        var tail = Gen.Zip(Piece(join), Piece(atom)).Select(t => t.Item1 + t.Item2).ArrayOf().Select(string.Concat);
        var sequences = Gen.Zip(Gen.Elements("y ~ ", "y~", "", "~ "), Gen.Zip(Piece(atom), tail))
            .Select(t => t.Item1 + t.Item2.Item1 + t.Item2.Item2).ToArbitrary();
        int parsed = 0, rejected = 0;
        PropertyRun.Check(2000, Prop.ForAll(sequences, text =>
        {
            if (ParsesOrRejects(text)) parsed++;
            else rejected++;
        }));
        Assert.True(parsed >= 30 && rejected >= 1000, $"{parsed} parsed, {rejected} rejected");
    }
}
