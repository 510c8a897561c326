using System.Text.Json;
using LmmPS.Core.Model;

namespace LmmPS.Conformance;

/// <summary>The parts of one reference JSON file (<c>reference/*.json</c>) the checks use. Every block is
/// optional: a check runs only where the file has its field (see reference/INDEX.md for the layout).</summary>
public sealed class ReferenceCase
{
    public required string FileName { get; init; }

    /// <summary>Data file, relative to the case directory (e.g. <c>data/sleepstudy.csv</c>).</summary>
    public required string DataFile { get; init; }

    public required string Formula { get; init; }

    /// <summary>The data column passed as lmer(weights = ...) (FORMULA_FEATURES.md); null for unit weights.</summary>
    public string? WeightsColumn { get; init; }

    public required EstimationMethod Method { get; init; }

    /// <summary><c>lme4</c> or <c>blme</c>.</summary>
    public string? Package { get; init; }

    public int? RowCount { get; init; }

    public int? RandomEffectCount { get; init; }

    /// <summary><c>design.fixef_columns</c>: R's names of the columns of X.</summary>
    public IReadOnlyList<string>? FixedEffectColumns { get; init; }

    public double? Objective { get; init; }

    public IReadOnlyList<NamedValue>? Theta { get; init; }

    public double? Sigma { get; init; }

    public IReadOnlyList<NamedValue>? Beta { get; init; }

    public IReadOnlyList<NamedValue>? BetaSE { get; init; }

    public double? LogLik { get; init; }

    public double? AIC { get; init; }

    public double? BIC { get; init; }

    public IReadOnlyList<ReferenceVarComp>? VarComp { get; init; }

    public IReadOnlyList<ReferenceRanef>? Ranef { get; init; }

    public IReadOnlyList<ReferenceDevfunPoint>? DevfunPoints { get; init; }

    public ReferenceTightOptimum? TightOptimum { get; init; }

    /// <summary>True when the file has profile-likelihood confidence intervals.</summary>
    public bool HasProfileCi { get; init; }

    /// <summary>A blme fit (fixed-effect prior): its objective is not lme4's, so its numbers cannot be checked
    /// until priors are implemented.</summary>
    public bool IsBlme => FileName.StartsWith("blme", StringComparison.OrdinalIgnoreCase) ||
                          string.Equals(Package, "blme", StringComparison.OrdinalIgnoreCase);

    public static ReferenceCase Load(string path)
    {
        string fileName = System.IO.Path.GetFileName(path);
        using var stream = File.OpenRead(path);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(stream);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{fileName} is not valid JSON: {e.Message}", e);
        }
        using (doc)
        {
            try
            {
                return Parse(doc.RootElement, fileName);
            }
            catch (InvalidOperationException e)
            {
                throw new InvalidDataException($"{fileName}: unexpected JSON layout: {e.Message}", e);
            }
        }
    }

    public static ReferenceCase Parse(JsonElement root, string fileName)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"{fileName}: the top level should be a JSON object.");
        string methodText = JsonRead.RequiredString(root, "method", fileName);
        EstimationMethod method = methodText switch
        {
            "ML" => EstimationMethod.ML,
            "REML" => EstimationMethod.REML,
            _ => throw new InvalidDataException($"{fileName}: method '{methodText}' is neither ML nor REML."),
        };
        var design = JsonRead.Property(root, "design");
        return new ReferenceCase
        {
            FileName = fileName,
            DataFile = JsonRead.RequiredString(root, "data_file", fileName),
            Formula = JsonRead.RequiredString(root, "formula", fileName),
            WeightsColumn = JsonRead.String(root, "weights_column"),
            Method = method,
            Package = JsonRead.String(root, "package"),
            RowCount = (int?)JsonRead.Number(root, "n"),
            RandomEffectCount = (int?)JsonRead.Number(root, "q"),
            FixedEffectColumns = design is { } d && JsonRead.Has(d, "fixef_columns") ? JsonRead.Strings(d, "fixef_columns") : null,
            Objective = JsonRead.Number(root, "objective"),
            Theta = JsonRead.NamedNumbers(root, "theta"),
            Sigma = JsonRead.Number(root, "sigma"),
            Beta = JsonRead.NamedNumbers(root, "beta"),
            BetaSE = JsonRead.NamedNumbers(root, "beta_se"),
            LogLik = JsonRead.Number(root, "logLik"),
            AIC = JsonRead.Number(root, "AIC"),
            BIC = JsonRead.Number(root, "BIC"),
            VarComp = JsonRead.Has(root, "varcomp") ? JsonRead.Objects(root, "varcomp").Select(ParseVarComp).ToList() : null,
            Ranef = JsonRead.Has(root, "ranef") ? JsonRead.Objects(root, "ranef").Select(ParseRanef).ToList() : null,
            DevfunPoints = JsonRead.Property(root, "devfun_points") is { } dp && JsonRead.Has(dp, "points")
                ? JsonRead.Objects(dp, "points").Select(ParseDevfunPoint).ToList()
                : null,
            TightOptimum = JsonRead.Property(root, "tight_optimum") is { ValueKind: JsonValueKind.Object } t ? ParseTight(t) : null,
            HasProfileCi = JsonRead.Property(root, "profile_ci") is { ValueKind: JsonValueKind.Object },
        };
    }

    private static ReferenceVarComp ParseVarComp(JsonElement e)
    {
        string group = JsonRead.RequiredString(e, "group", "varcomp");
        return new ReferenceVarComp(
            group,
            JsonRead.String(e, "factor") ?? group,
            JsonRead.Strings(e, "names"),
            JsonRead.Numbers(e, "variance") ?? Array.Empty<double?>(),
            JsonRead.Numbers(e, "stddev") ?? Array.Empty<double?>(),
            JsonRead.Matrix(e, "correlation"));
    }

    private static ReferenceRanef ParseRanef(JsonElement e)
    {
        string group = JsonRead.RequiredString(e, "group", "ranef");
        return new ReferenceRanef(
            group,
            JsonRead.Strings(e, "levels"),
            JsonRead.Strings(e, "columns"),
            JsonRead.NumberColumns(e, "mode") ?? new Dictionary<string, IReadOnlyList<double?>>(),
            JsonRead.NumberColumns(e, "condsd"));
    }

    private static ReferenceDevfunPoint ParseDevfunPoint(JsonElement e, int index) =>
        new(
            JsonRead.String(e, "label") ?? $"point{index + 1}",
            JsonRead.Numbers(e, "theta") ?? Array.Empty<double?>(),
            JsonRead.Number(e, "value"),
            JsonRead.Number(e, "sigma"),
            JsonRead.Numbers(e, "beta"),
            JsonRead.Has(e, "gradient_fd"));

    private static ReferenceTightOptimum ParseTight(JsonElement t) =>
        new(
            JsonRead.Number(t, "objective"),
            JsonRead.Number(t, "objective_lme4_default"),
            JsonRead.NamedNumbers(t, "theta"),
            JsonRead.Number(t, "sigma"),
            JsonRead.NamedNumbers(t, "beta"));
}
