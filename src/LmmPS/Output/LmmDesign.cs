using LmmPS.Core.Data;
using LmmPS.Core.Design;

namespace LmmPS;

/// <summary>
/// A model design (formula + data turned into X, Z and the random-effects terms), ready to fit. The engine's
/// <see cref="ModelDesign"/> stays inside: internal, so neither default formatting nor ConvertTo-Json walks its
/// matrices; <see cref="GetModelDesign"/> hands it to scripts that want it.
/// </summary>
public sealed class LmmDesign
{
    internal LmmDesign(ModelDesign engine, string source, DataReadOptions? options = null)
    {
        Engine = engine;
        Source = source;
        Categorical = KindsOf(options, ColumnKind.Categorical);
        Ordered = KindsOf(options, ColumnKind.OrderedCategorical);
        Delimiter = (options?.Delimiter ?? ',').ToString();
        Numeric = KindsOf(options, ColumnKind.Numeric);
        DecimalSeparator = (options?.DecimalSeparator ?? '.').ToString();
        Encoding = options?.Encoding?.WebName ?? string.Empty;
        FixedEffects = engine.FixedEffectNames.ToArray();
        DroppedFixedEffects = engine.DroppedFixedEffects.ToArray();
        RandomTerms = engine.RandomTerms.Select(DescribeTerm).ToArray();
        ThetaNames = engine.ThetaNames.ToArray();
        Contrasts = engine.Schema?.Contrasts.Select(c => c.Key + "=" + c.Value.Text).ToArray() ?? Array.Empty<string>();
    }

    internal ModelDesign Engine { get; }

    /// <summary>The formula as written.</summary>
    public string Formula => Engine.Formula.Text;

    public string Response => Engine.Formula.Response;

    /// <summary>Where the data came from: a file path, or <c>pipeline</c>.</summary>
    public string Source { get; }

    /// <summary>The prior-weights column (-Weights); null without weights.</summary>
    public string? Weights => Engine.WeightsColumn;

    /// <summary>Rows used (rows with a missing value in a variable of the formula are dropped).</summary>
    public int Observations => Engine.RowCount;

    public int RowsDropped => Engine.RowsDropped;

    /// <summary>Names of the columns of X, e.g. <c>(Intercept)</c>, <c>Days</c>.</summary>
    public string[] FixedEffects { get; }

    /// <summary>Columns of X removed as linear combinations of earlier ones.</summary>
    public string[] DroppedFixedEffects { get; }

    /// <summary>One line per random-effects term in lme4's order, e.g. <c>Subject: (Intercept), Days (18 levels)</c>.</summary>
    public string[] RandomTerms { get; }

    /// <summary>lme4's names of the covariance parameters, in the order <c>-Theta</c> and <c>-StartTheta</c> take them.</summary>
    public string[] ThetaNames { get; }

    public int ThetaCount => ThetaNames.Length;

    /// <summary>The -Categorical columns the data was read with (recorded so a deserialized fit can be rebuilt).</summary>
    public string[] Categorical { get; }

    /// <summary>The -Contrasts codings, one <c>column=Coding</c> each (recorded so a deserialized fit can be rebuilt).</summary>
    public string[] Contrasts { get; }

    /// <summary>The -Ordered columns the data was read with.</summary>
    public string[] Ordered { get; }

    /// <summary>The CSV delimiter the data was read with.</summary>
    public string Delimiter { get; }

    /// <summary>The -Numeric columns the data was read with.</summary>
    public string[] Numeric { get; }

    /// <summary>The decimal separator numbers were read with ('.' unless -Culture or -UseCulture said otherwise).</summary>
    public string DecimalSeparator { get; }

    /// <summary>The -Encoding the file was read with (its web name), or empty for the default strict UTF-8.</summary>
    public string Encoding { get; }

    /// <summary>The engine's design, for scripts that go beyond the cmdlets.</summary>
    public ModelDesign GetModelDesign() => Engine;

    public override string ToString() => $"{Formula} ({Observations} observations)";

    private static string[] KindsOf(DataReadOptions? options, ColumnKind kind) =>
        options is null ? Array.Empty<string>() : options.ColumnKinds.Where(p => p.Value == kind).Select(p => p.Key).OrderBy(n => n, StringComparer.Ordinal).ToArray();

    private static string DescribeTerm(RandomEffectsTerm term) =>
        $"{term.Group}: {string.Join(", ", term.ColumnNames)} ({term.LevelCount} levels)";
}
