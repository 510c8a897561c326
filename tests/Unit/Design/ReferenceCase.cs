using System.Text.Json;
using LmmPS.Core.Formulas;

namespace LmmPS.Tests.Design;

/// <summary>The design-related parts of one lme4 reference file (tests/data/reference/*.json).</summary>
internal sealed class ReferenceCase
{
    public required string File { get; init; }
    public required string FormulaText { get; init; }
    public required string Dataset { get; init; }
    public required int N { get; init; }
    public required int P { get; init; }
    public required int Q { get; init; }
    public required string[] FixefColumns { get; init; }
    public required (string Group, int Levels)[] GroupingFactors { get; init; }
    public required (string Group, string[] Columns)[] ReTerms { get; init; }
    public required string[] ThetaNames { get; init; }
    public required Dictionary<string, string[]> RanefLevels { get; init; }

    /// <summary>The fit reference files; predict_ and compare_ files have their own format (PREDICT_FORMAT.md) and tests.</summary>
    public static IEnumerable<string> AllFiles() =>
        Directory.GetFiles(Path.Combine(DesignTestData.Root, "reference"), "*.json").Select(Path.GetFileName)
            // inf_ files (lmerTest's tests, INFERENCE_FORMAT.md) record no ranef levels; their designs are checked by InferenceChecks.
            // ff_ files with explicit contrasts or an offset need more than formula and data: ContrastAndOffsetTests.
            .Where(f => !f!.StartsWith("inf_", StringComparison.Ordinal) && !f.StartsWith("predict_", StringComparison.Ordinal) && !f.StartsWith("compare_", StringComparison.Ordinal)
                && !f.StartsWith("ff_Pastes_", StringComparison.Ordinal) && !f.StartsWith("ff_sleepstudy_offset", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal)!;

    public static ReferenceCase Load(string file)
    {
        using var doc = JsonDocument.Parse(System.IO.File.ReadAllText(Path.Combine(DesignTestData.Root, "reference", file)));
        var root = doc.RootElement;
        var design = root.GetProperty("design");
        string dataFile = root.GetProperty("data_file").GetString()!;
        var ranef = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var r in root.GetProperty("ranef").EnumerateArray())
            ranef[r.GetProperty("group").GetString()!] = Strings(r.GetProperty("levels"));
        return new ReferenceCase
        {
            File = file,
            FormulaText = root.GetProperty("formula").GetString()!,
            Dataset = Path.GetFileNameWithoutExtension(dataFile),
            N = root.GetProperty("n").GetInt32(),
            P = root.GetProperty("p").GetInt32(),
            Q = root.GetProperty("q").GetInt32(),
            FixefColumns = Strings(design.GetProperty("fixef_columns")),
            GroupingFactors = design.GetProperty("grouping_factors").EnumerateObject().Select(p => (p.Name, p.Value.GetInt32())).ToArray(),
            ReTerms = design.GetProperty("re_terms").EnumerateArray()
                .Select(t => (t.GetProperty("group").GetString()!, Strings(t.GetProperty("columns")))).ToArray(),
            ThetaNames = root.GetProperty("theta").EnumerateObject().Select(p => p.Name).ToArray(),
            RanefLevels = ranef,
        };
    }

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

    /// <summary>The reference formulas as the parser would return them (the parser is written elsewhere), terms
    /// as written and random terms not yet sorted.</summary>
    public static Formula FormulaFor(string text) => text switch
    {
        "Yield ~ 1 + (1 | Batch)" => new Formula(text, "Yield", true, Array.Empty<ModelTerm>(),
            new[] { Intercept(text, "(1 | Batch)", "Batch") }),
        "Reaction ~ Days + (Days | Subject)" => new Formula(text, "Reaction", true, new[] { Term("Days") },
            new[] { new RandomTerm(true, new[] { Term("Days") }, new[] { "Subject" }, At(text, "(Days | Subject)")) }),
        "Reaction ~ Days + (1 | Subject) + (0 + Days | Subject)" => new Formula(text, "Reaction", true, new[] { Term("Days") },
            new[]
            {
                Intercept(text, "(1 | Subject)", "Subject"),
                new RandomTerm(false, new[] { Term("Days") }, new[] { "Subject" }, At(text, "(0 + Days | Subject)")),
            }),
        "diameter ~ 1 + (1 | plate) + (1 | sample)" => new Formula(text, "diameter", true, Array.Empty<ModelTerm>(),
            new[] { Intercept(text, "(1 | plate)", "plate"), Intercept(text, "(1 | sample)", "sample") }),
        "strength ~ 1 + (1 | batch) + (1 | batch:cask)" => new Formula(text, "strength", true, Array.Empty<ModelTerm>(),
            new[] { Intercept(text, "(1 | batch)", "batch"), Intercept(text, "(1 | batch:cask)", "batch", "cask") }),
        "y ~ 1 + service + (1 | s) + (1 | d) + (1 | dept:service)" => new Formula(text, "y", true, new[] { Term("service") },
            new[] { Intercept(text, "(1 | s)", "s"), Intercept(text, "(1 | d)", "d"), Intercept(text, "(1 | dept:service)", "dept", "service") }),
        "y ~ 0 + (1 + x | g)" => new Formula(text, "y", false, Array.Empty<ModelTerm>(),
            new[] { new RandomTerm(true, new[] { Term("x") }, new[] { "g" }, At(text, "(1 + x | g)")) }),
        // Issue 19's function calls carry expression trees the parser builds; their labels are checked against R's
        // deparse by FormulaFunctionTests, so these files take the parser's formula.
        _ when text.IndexOf("(Days", StringComparison.Ordinal) > 0 || text.StartsWith("log", StringComparison.Ordinal) => FormulaParser.Parse(text),
        _ => throw new InvalidOperationException($"No hand-built Formula for reference formula '{text}'; add one to ReferenceCase.FormulaFor."),
    };

    public static ModelTerm Term(params string[] variables) => new(variables);

    private static RandomTerm Intercept(string text, string written, params string[] group) =>
        new(true, Array.Empty<ModelTerm>(), group, At(text, written));

    private static int At(string text, string written) => text.IndexOf(written, StringComparison.Ordinal);
}
