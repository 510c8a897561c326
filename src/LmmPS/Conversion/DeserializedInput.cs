using System.Globalization;
using System.Management.Automation;
using LmmPS.Core.Common;
using LmmPS.Core.Fitting;
using LmmPS.Core.Model;
using static LmmPS.Conversion.PropertyReader;

namespace LmmPS.Conversion;

/// <summary>
/// Fits and designs that went through Export-Clixml/Import-Clixml, Receive-Job or a remoting session arrive as property
/// bags (type names Deserialized.LmmPS.LmmFit / Deserialized.LmmPS.LmmDesign) without the engine objects behind them.
/// They are rebuilt from what they record - formula, source file, the -Categorical/-Ordered/-Numeric, delimiter, decimal separator and encoding the data was
/// read with, method and optimizer - by reading the file again (and refitting, for a fit). When that is impossible
/// (pipeline data, a prior, a file that is gone or changed) the error is DeserializedFit, saying how to refit.
/// </summary>
internal static class DeserializedInput
{
    public const string ErrorId = "DeserializedFit";

    public static bool IsFit(PSObject item) => item.TypeNames.Contains("Deserialized.LmmPS.LmmFit");

    public static bool IsDesign(PSObject item) => item.TypeNames.Contains("Deserialized.LmmPS.LmmDesign");

    /// <summary>The design a deserialized fit or design records, read again from its source file.</summary>
    public static LmmDesign Design(PSObject item)
    {
        var design = IsFit(item) ? item.Properties["Design"]?.Value as PSObject : item;
        string formula = TextOrEmpty(item, "Formula");
        string source = TextOrEmpty(item, "Source");
        string method = TextOrEmpty(item, "Method");
        if (design is null)
            throw Fail(formula, source, method, "it carries no design");
        if (source.Length == 0 || source == "pipeline")
            throw Fail(formula, source, method, "its data came through the pipeline, and the rows were not kept");
        if (!File.Exists(source))
            throw Fail(formula, source, method, $"its data file '{source}' is no longer there");
        var delimiter = TextOrEmpty(design, "Delimiter");
        var decimalSeparator = TextOrEmpty(design, "DecimalSeparator");
        var encoding = TextOrEmpty(design, "Encoding");
        var options = ReadOptionsFactory.Create(Texts(design, "Categorical"), Texts(design, "Ordered"), Texts(design, "Numeric"),
            delimiter.Length == 1 ? delimiter[0] : ',', decimalSeparator.Length == 1 ? decimalSeparator[0] : '.',
            encoding.Length == 0 ? null : CultureOptions.Encoding(encoding));
        var weights = TextOrEmpty(design, "Weights");
        return DesignFactory.ReadFile(DesignFactory.ParseFormula(formula), source, options, DesignFactory.ParseRecordedContrasts(Texts(design, "Contrasts")),
            weights.Length == 0 ? null : weights);
    }

    /// <summary>The fit options a deserialized fit records. A fit with a prior is refused: its prior is recorded only
    /// as text.</summary>
    public static FitOptions Options(PSObject fit)
    {
        if (Value(fit, "Prior") is string prior && prior.Length > 0)
            throw Fail(TextOrEmpty(fit, "Formula"), TextOrEmpty(fit, "Source"), TextOrEmpty(fit, "Method"), $"it was fitted with the prior {prior}, which is recorded only as text");
        return new FitOptions
        {
            Method = Text(fit, "Method") == "ML" ? EstimationMethod.ML : EstimationMethod.REML,
            OptimizerKind = Text(fit, "Optimizer") == "BOBYQA" ? OptimizerKind.Bobyqa : OptimizerKind.LBfgsB,
        };
    }

    /// <summary>The refit must reach the recorded optimum; otherwise the file changed (or the fit was made with options
    /// that were not recorded) and the rebuilt fit would silently be another one.</summary>
    public static void CheckSameFit(PSObject recorded, LmmFit rebuilt)
    {
        var objective = Number(recorded, "Objective");
        if (!(Math.Abs(rebuilt.Objective - objective) <= 1e-6 * Math.Max(1, Math.Abs(objective))))
        {
            throw Fail(rebuilt.Formula, rebuilt.Source, rebuilt.Method, string.Format(CultureInfo.InvariantCulture,
                "refitting its data file gives objective {0:R}, not the recorded {1:R} (the file changed, or the fit used options that are not recorded)",
                rebuilt.Objective, objective));
        }
    }

    public static LmmException Fail(string formula, string source, string method, string why) =>
        new(ErrorId, LmmErrorCategory.InvalidArgument,
            $"This fit was deserialized (Import-Clixml, Receive-Job or remoting) and cannot be rebuilt: {why}. " +
            $"Refit it: Invoke-LmmFit '{formula}' -Path <data file>{(method == "ML" ? " -Method ML" : string.Empty)}" +
            (source.Length > 0 && source != "pipeline" ? $" (it was fitted from '{source}')." : "."));
}
