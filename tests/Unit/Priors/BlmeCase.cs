using System.Text.Json;
using LmmPS.Core.Design;
using LmmPS.Core.Model;
using LmmPS.Core.Priors;
using LmmPS.Tests.Fitting;

namespace LmmPS.Tests.Priors;

/// <summary>One blme reference file (tests/data/reference/blme_*.json) with its prior read from the file itself:
/// <c>blme_objective.Sigma_b_diag</c> (the prior variances blme used) and <c>prior_scale</c> ("absolute" for the
/// common.scale = FALSE cases; absent means blme's default, relative).</summary>
internal sealed class BlmeCase : IDisposable
{
    private readonly JsonDocument _doc;

    public BlmeCase(string file)
    {
        File = file;
        _doc = TestData.Reference(file);
        var root = _doc.RootElement;
        Method = root.GetProperty("method").GetString() == "ML" ? EstimationMethod.ML : EstimationMethod.REML;
        Scale = root.TryGetProperty("prior_scale", out var s) && s.GetString() == "absolute" ? PriorScale.Absolute : PriorScale.Relative;
        PriorSD = root.GetProperty("blme_objective").GetProperty("Sigma_b_diag").EnumerateArray().Select(e => Math.Sqrt(e.GetDouble())).ToArray();
        Design = file.Contains("Dyestuff") ? HandBuiltDesigns.Dyestuff() : HandBuiltDesigns.Sleepstudy();
    }

    public static TheoryData<string> All => new()
    {
        "blme_sleepstudy_ML.json", "blme_sleepstudy_REML.json", "blme_Dyestuff_ML.json",
        "blme_abs_Dyestuff_ML.json", "blme_abs_sleepstudy_ML.json", "blme_abs_sleepstudy_REML.json", "blme_abs_sleepstudy_wide_ML.json",
    };

    public static TheoryData<string> Absolute => new()
    {
        "blme_abs_Dyestuff_ML.json", "blme_abs_sleepstudy_ML.json", "blme_abs_sleepstudy_REML.json", "blme_abs_sleepstudy_wide_ML.json",
    };

    public string File { get; }

    public JsonElement Root => _doc.RootElement;

    public EstimationMethod Method { get; }

    public PriorScale Scale { get; }

    public double[] PriorSD { get; }

    public ModelDesign Design { get; }

    public FixedEffectPrior Prior => FixedEffectPrior.FromStandardDeviations(PriorSD, Scale);

    public PriorModel Model() => new(new LinearMixedModel(Design), Prior, Method);

    public static double[] Numbers(JsonElement e) =>
        e.ValueKind == JsonValueKind.Object ? e.EnumerateObject().Select(p => p.Value.GetDouble()).ToArray() : e.EnumerateArray().Select(x => x.GetDouble()).ToArray();

    public void Dispose() => _doc.Dispose();
}
