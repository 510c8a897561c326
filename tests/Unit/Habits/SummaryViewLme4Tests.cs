using System.Globalization;
using System.Text.Json;
using LmmPS.Conversion;

namespace LmmPS.Tests.Habits;

/// <summary>
/// The fit view prints numbers as lme4's print(summary(fit)) does. The writer is given lme4's own estimates (the
/// reference JSON of the same fit) and must reproduce, character for character up to trailing blanks, the criteria
/// line(s), the random-effects table and the fixed-effects table of lme4 1.1.31's printed summary
/// (tests/data/reference/lme4_print/*.txt, written by make_lme4_print.R there).
/// </summary>
public class SummaryViewLme4Tests
{
    [Theory]
    [InlineData("sleepstudy_ML", "Subject, 18")]
    [InlineData("sleepstudy_REML", "Subject, 18")]
    [InlineData("Penicillin_REML", "plate, 24; sample, 6")]
    [InlineData("Pastes_REML", "batch:cask, 30; batch, 10")]
    public void Criteria_and_tables_read_as_lme4_prints_them(string name, string groups)
    {
        using var reference = TestData.Reference(name + ".json");
        var printed = System.IO.File.ReadAllLines(TestData.File(Path.Combine("reference", "lme4_print", name + ".txt"))).Select(l => l.TrimEnd()).ToArray();
        var ours = FitSummaryWriter.Write(FromReference(reference.RootElement, groups)).Split('\n');

        bool reml = name.EndsWith("REML", StringComparison.Ordinal);
        if (reml)
        {
            Assert.Contains(printed.Single(l => l.StartsWith("REML criterion", StringComparison.Ordinal)), ours);
            Assert.DoesNotContain(ours, l => l.Contains("AIC"));
        }
        else
        {
            Assert.Equal(Block(printed, "     AIC", 2), Block(ours, "     AIC", 2));
        }
        int randomRows = printed.TakeWhile(l => !l.StartsWith("Number of obs", StringComparison.Ordinal)).Count() - Array.IndexOf(printed, "Random effects:");
        Assert.Equal(Block(printed, "Random effects:", randomRows + 1), Block(ours, "Random effects:", randomRows + 1));
        int fixedRows = 2 + reference.RootElement.GetProperty("beta").EnumerateObject().Count();
        Assert.Equal(Block(printed, "Fixed effects:", fixedRows), Block(ours, "Fixed effects:", fixedRows));
        foreach (var line in ours)
            Assert.True(line.Length <= 80, $"'{line}' is wider than 80 columns");
    }

    /// <summary><paramref name="count"/> lines from the line that starts with <paramref name="start"/>.</summary>
    private static string[] Block(string[] lines, string start, int count)
    {
        int at = Array.FindIndex(lines, l => l.StartsWith(start, StringComparison.Ordinal));
        Assert.True(at >= 0, $"no line starts with '{start}'");
        return lines.Skip(at).Take(count).ToArray();
    }

    private static FitSummaryData FromReference(JsonElement root, string groups)
    {
        var components = new List<LmmVarianceComponent>();
        foreach (var term in root.GetProperty("varcomp").EnumerateArray())
        {
            var group = term.GetProperty("group").GetString()!;
            var names = term.TryGetProperty("names", out var n) && n.ValueKind == JsonValueKind.Array ? n.EnumerateArray().Select(x => x.GetString()!).ToArray() : new[] { "" };
            var variances = term.GetProperty("variance").EnumerateArray().Select(x => x.GetDouble()).ToArray();
            var sds = term.GetProperty("stddev").EnumerateArray().Select(x => x.GetDouble()).ToArray();
            bool hasCorrelation = term.TryGetProperty("correlation", out var corr) && corr.ValueKind == JsonValueKind.Array;
            for (int i = 0; i < variances.Length; i++)
            {
                var below = hasCorrelation && i > 0
                    ? string.Join(" ", corr[i].EnumerateArray().Take(i).Select(x => x.GetDouble().ToString("R", CultureInfo.InvariantCulture)))
                    : string.Empty;
                components.Add(new LmmVarianceComponent(group, group == "Residual" ? "(Residual)" : names[i], variances[i], sds[i], below));
            }
        }
        var beta = root.GetProperty("beta").EnumerateObject().ToArray();
        var se = root.GetProperty("beta_se");
        return new FitSummaryData
        {
            Method = root.GetProperty("method").GetString()!,
            Formula = root.GetProperty("formula").GetString()!,
            Source = "data",
            Objective = root.GetProperty("objective").GetDouble(),
            AIC = root.GetProperty("AIC").GetDouble(),
            BIC = root.GetProperty("BIC").GetDouble(),
            LogLik = root.GetProperty("logLik").GetDouble(),
            DegreesOfFreedom = root.GetProperty("logLik_df").GetInt32(),
            Observations = root.GetProperty("n").GetInt32(),
            Groups = groups,
            VarianceComponents = components.ToArray(),
            FixedEffects = beta.Select(b => new LmmFixedEffect(b.Name, b.Value.GetDouble(), se.GetProperty(b.Name).GetDouble(),
                b.Value.GetDouble() / se.GetProperty(b.Name).GetDouble())).ToArray(),
            Converged = true,
            Optimizer = "nloptwrap",
        };
    }
}
