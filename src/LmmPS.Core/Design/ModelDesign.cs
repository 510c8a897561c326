using LmmPS.Core.Formulas;

namespace LmmPS.Core.Design;

/// <summary>Everything the fitting code needs, built once from a formula and data: the response, the dense
/// fixed-effects matrix X (column-major) and the random-effects terms in lme4's order. Immutable.</summary>
public sealed class ModelDesign
{
    public ModelDesign(
        Formula formula,
        double[] response,
        double[] x,
        IReadOnlyList<string> fixedEffectNames,
        IReadOnlyList<string> droppedFixedEffects,
        IReadOnlyList<RandomEffectsTerm> randomTerms,
        int[] rowsUsed,
        int rowsDropped,
        DesignSchema? schema = null)
    {
        if (x.Length != response.Length * fixedEffectNames.Count)
            throw new ArgumentException("x must hold n x p values.", nameof(x));
        Formula = formula;
        Response = response;
        X = x;
        FixedEffectNames = fixedEffectNames;
        DroppedFixedEffects = droppedFixedEffects;
        RandomTerms = randomTerms;
        RowsUsed = rowsUsed;
        RowsDropped = rowsDropped;
        Schema = schema;
    }

    public Formula Formula { get; }

    /// <summary>y, one value per row used; with an offset, y - offset (the response lme4 fits; see <see cref="Offset"/>).</summary>
    public double[] Response { get; }

    /// <summary>X in column-major order: column j is X[j*n .. (j+1)*n). Aliased columns already removed.</summary>
    public double[] X { get; }

    /// <summary>R's names of the columns of X, e.g. <c>(Intercept)</c>, <c>service1</c>, <c>temperature.L</c>.</summary>
    public IReadOnlyList<string> FixedEffectNames { get; }

    /// <summary>Columns removed because they were linear combinations of earlier ones (lme4's rank check).</summary>
    public IReadOnlyList<string> DroppedFixedEffects { get; }

    /// <summary>Random-effects terms in lme4's order (decreasing number of levels).</summary>
    public IReadOnlyList<RandomEffectsTerm> RandomTerms { get; }

    /// <summary>0-based indices, into the input data, of the rows used (rows with a missing value are dropped).</summary>
    public int[] RowsUsed { get; }

    /// <summary>How many input rows were dropped for missing values.</summary>
    public int RowsDropped { get; }

    /// <summary>What the design learnt from its data (levels, codings, kept columns, term order), to build X and Z
    /// for new rows (<see cref="NewRowsBuilder"/>); null for a design assembled by hand.</summary>
    public DesignSchema? Schema { get; }

    /// <summary>Prior weights w_i, one per row used (lme4's <c>weights =</c>): Var(e_i) = sigma^2 / w_i. Every value is
    /// finite and > 0 (<see cref="PriorWeights"/> checks them). Null for an unweighted design, which then takes no
    /// weighting pass anywhere (the fit is bit for bit the unweighted one).</summary>
    public double[]? Weights { get; init; }

    /// <summary>The data column the weights came from; null without weights.</summary>
    public string? WeightsColumn { get; init; }

    /// <summary>Warnings about the design a fit should repeat (e.g. random-effects columns dependent within levels).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = Array.Empty<string>();

    /// <summary>The sum of the formula's <c>offset(...)</c> terms per row used (a known part of the linear predictor,
    /// coefficient 1), already subtracted from <see cref="Response"/>; fitted values add it back. Null without offsets.</summary>
    public double[]? Offset { get; init; }

    public int RowCount => Response.Length;

    public int FixedEffectCount => FixedEffectNames.Count;

    public int RandomEffectCount => RandomTerms.Sum(t => t.Size);

    public int ThetaCount => RandomTerms.Sum(t => t.ThetaCount);

    /// <summary>lme4's names for theta, e.g. <c>Subject.(Intercept)</c>, <c>Subject.Days.(Intercept)</c>, <c>Subject.Days</c>.</summary>
    public IReadOnlyList<string> ThetaNames
    {
        get
        {
            var names = new List<string>();
            foreach (var t in RandomTerms)
                for (int j = 0; j < t.ColumnCount; j++)
                    for (int i = j; i < t.ColumnCount; i++)
                        names.Add(i == j ? $"{t.Group}.{t.ColumnNames[i]}" : $"{t.Group}.{t.ColumnNames[i]}.{t.ColumnNames[j]}");
            return names;
        }
    }
}
