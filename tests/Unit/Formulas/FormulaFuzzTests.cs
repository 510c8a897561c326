using LmmPS.Core.Common;
using LmmPS.Core.Formulas;

namespace LmmPS.Tests.Formulas;

/// <summary>Random strings glued from formula tokens (fixed seed, so a failure reproduces): the parser must
/// either return a formula or throw one of its two LmmExceptions with a position inside the text.</summary>
public class FormulaFuzzTests
{
    private static readonly string[] Pieces =
    {
        "y", "x", "z", "g", "h", "a.b", "`a b`", "`", "0", "1", "2", "1.5", "~", "~", "+", "+", "-", "*", "/", ":", ":",
        "^", "**", "(", "(", "(", ")", ")", ")", "|", "|", "||", "%in%", "%", ".", ",", "log(", "offset(", "I(",
        "$", " ", " ", "\t", "\n", "_", "é", "(1 | g)", "(x || g/h)", "0 +", "- 1",
    };

    [Fact]
    public void Random_token_strings_throw_nothing_but_LmmException()
    {
        var random = new Random(20240521);
        var parsed = 0;
        var rejected = 0;
        for (var i = 0; i < 5000; i++)
        {
            var text = RandomFormula(random);
            try
            {
                var formula = FormulaParser.Parse(text);
                Assert.Equal(text, formula.Text);
                Assert.False(string.IsNullOrEmpty(formula.Response));
                Assert.All(formula.RandomTerms, t => Assert.InRange(t.Position, 0, text.Length - 1));
                Assert.All(formula.RandomTerms, t => Assert.Equal('(', text[t.Position]));
                parsed++;
            }
            catch (LmmException error)
            {
                Assert.Contains(error.ErrorId, new[] { "FormulaSyntaxError", "UnsupportedFormulaConstruct" });
                Assert.NotNull(error.Position);
                Assert.InRange(error.Position!.Value, 0, text.Length);
                Assert.EndsWith("^", error.Message);
                rejected++;
            }
        }

        // Both outcomes must be well represented, or the test would not be exercising the parser.
        Assert.True(parsed > 500, $"only {parsed} random formulas parsed");
        Assert.True(rejected > 2000, $"only {rejected} random formulas were rejected");
    }

    private static string RandomFormula(Random random) => random.Next(3) switch
    {
        0 => RandomPieces(random),
        1 => WellFormed(random),
        _ => Mutate(random, WellFormed(random)),
    };

    /// <summary>Tokens glued at random: mostly garbage, exercising the lexer and the syntax errors.</summary>
    private static string RandomPieces(Random random)
    {
        var builder = new System.Text.StringBuilder();
        if (random.Next(2) == 0)
        {
            builder.Append("y ~ ");
        }

        var count = random.Next(0, 16);
        for (var i = 0; i < count; i++)
        {
            builder.Append(Pieces[random.Next(Pieces.Length)]);
        }

        return builder.ToString();
    }

    /// <summary>A valid formula from a small grammar, reaching the term algebra and the random-term expansion.</summary>
    private static string WellFormed(Random random)
    {
        var parts = new List<string>();
        var count = random.Next(1, 5);
        for (var i = 0; i < count; i++)
        {
            parts.Add(random.Next(4) == 0 ? $"({Expression(random, 2)} {(random.Next(3) == 0 ? "||" : "|")} {Grouping(random)})" : Expression(random, 2));
        }

        return "y ~ " + string.Join(random.Next(5) == 0 ? " - " : " + ", parts);
    }

    private static string Expression(Random random, int depth)
    {
        var operators = new[] { " + ", " * ", ":", "/", " - " };
        var text = Operand(random, depth);
        var count = random.Next(0, 3);
        for (var i = 0; i < count; i++)
        {
            text += operators[random.Next(operators.Length)] + Operand(random, depth);
        }

        return text;
    }

    private static string Operand(Random random, int depth)
    {
        var names = new[] { "x", "z", "w", "a.b", "`a b`" };
        var roll = random.Next(8);
        if (roll == 0 && depth > 0)
        {
            return "(" + Expression(random, depth - 1) + ")";
        }

        return roll == 1 ? "1" : roll == 2 ? "0" : names[random.Next(names.Length)];
    }

    private static string Grouping(Random random)
    {
        var names = new[] { "g", "h", "k" };
        var text = names[random.Next(names.Length)];
        var count = random.Next(0, 3);
        for (var i = 0; i < count; i++)
        {
            text += (random.Next(2) == 0 ? ":" : "/") + names[random.Next(names.Length)];
        }

        return text;
    }

    /// <summary>One or two edits of a valid formula: near misses are where parsers tend to crash.</summary>
    private static string Mutate(Random random, string text)
    {
        var edits = random.Next(1, 3);
        for (var i = 0; i < edits; i++)
        {
            var at = random.Next(text.Length + 1);
            text = random.Next(2) == 0 || text.Length == 0
                ? text.Insert(at, Pieces[random.Next(Pieces.Length)])
                : text.Remove(Math.Min(at, text.Length - 1), 1);
        }

        return text;
    }
}
