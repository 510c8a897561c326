using LmmPS.Core.Common;
using LmmPS.Core.Data;
using LmmPS.Core.Formulas;

namespace LmmPS.Core.Design;

/// <summary>Builds a <see cref="ModelDesign"/> from a parsed formula and a data frame: drops rows with missing
/// values in the columns the formula uses, codes factors as R does, removes aliased columns of X, forms the
/// random-effects terms and sorts them as lme4 does.</summary>
public static class DesignBuilder
{
    public static ModelDesign Build(Formula formula, DataFrame data, CancellationToken cancellation = default) =>
        Build(formula, data, contrasts: null, weightsColumn: null, cancellation);

    /// <summary>With prior weights (see the full overload).</summary>
    public static ModelDesign Build(Formula formula, DataFrame data, string? weightsColumn, CancellationToken cancellation = default) =>
        Build(formula, data, contrasts: null, weightsColumn, cancellation);

    /// <summary>With explicit contrasts (see the full overload).</summary>
    public static ModelDesign Build(Formula formula, DataFrame data, IReadOnlyDictionary<string, ContrastSpec>? contrasts, CancellationToken cancellation = default) =>
        Build(formula, data, contrasts, weightsColumn: null, cancellation);

    /// <param name="formula">The parsed formula.</param>
    /// <param name="data">The data.</param>
    /// <param name="contrasts">Explicit codings of factors of the fixed effects by column name (lme4's <c>contrasts</c>);
    /// null or absent factors: R's defaults.</param>
    /// <param name="weightsColumn">A numeric column of prior weights (lme4's <c>weights =</c>), or null: rows whose weight
    /// is missing are dropped, and every weight used must be finite and &gt; 0 (<see cref="PriorWeights"/>).</param>
    /// <param name="cancellation">Stops the rank check of a large X.</param>
    public static ModelDesign Build(Formula formula, DataFrame data, IReadOnlyDictionary<string, ContrastSpec>? contrasts, string? weightsColumn,
        CancellationToken cancellation = default)
    {
        if (formula is null)
            throw new ArgumentNullException(nameof(formula));
        if (data is null)
            throw new ArgumentNullException(nameof(data));

        var weights = weightsColumn is null ? null : PriorWeights.Resolve(data, weightsColumn);
        ModelFrame frame = ModelFrameBuilder.Build(formula, data, weights);
        var w = weights is null ? null : PriorWeights.Read(weights, frame.RowsUsed);
        int n = frame.RowCount;
        double[] response = ((NumericVariable)frame[formula.Response]).Values;
        // lme4 fits y - offset: the design's response is that working response, and the offset is added back to
        // fitted values and predictions (LinearPredictor).
        double[]? offset = OffsetValues(formula, frame);
        if (offset is not null)
            response = response.Select((y, i) => y - offset[i]).ToArray();
        CheckContrasts(formula, frame, contrasts);

        var candidates = ModelMatrixBuilder.Build(frame, formula.HasIntercept, formula.FixedTerms, formula.Text, "the fixed effects", contrasts);
        // One rank walk over X's columns and then y: y is not kept exactly when the kept columns reproduce it, and
        // putting it last changes none of the decisions about X.
        List<int> walked = RankCheck.KeptColumns(candidates.Select(c => c.Values).Append(response).ToList(),
            candidates.Select(c => c.NonZeroRows).Append(null).ToList(), cancellation);
        bool responseReproduced = walked.Count == 0 || walked[walked.Count - 1] != candidates.Count;
        List<int> kept = walked.Where(j => j < candidates.Count).ToList();
        var keptSet = new HashSet<int>(kept);
        var x = new double[n * kept.Count];
        for (int j = 0; j < kept.Count; j++)
        {
            var column = candidates[kept[j]];
            // A column with known non-zeros is scattered: the rest of x is already zero, and is not touched here.
            if (column.NonZeroRows is { } rows)
                foreach (int i in rows)
                    x[j * n + i] = column.Values[i];
            else
                Array.Copy(column.Values, 0, x, j * n, n);
        }
        var fixedNames = kept.Select(j => candidates[j].Name).ToArray();
        var dropped = Enumerable.Range(0, candidates.Count).Where(j => !keptSet.Contains(j)).Select(j => candidates[j].Name).ToArray();
        ResponseChecks.Check(formula, response, kept.Select(j => candidates[j]).ToList(), responseReproduced);

        var built = formula.RandomTerms.Select(t => BuildRandomTerm(frame, t, formula.Text)).ToList();
        // lme4 (lFormula) checks the level counts of all grouping factors first, then the sizes of all terms.
        foreach (var (term, group, _) in built)
            IdentifiabilityChecks.CheckLevels(group, term, n);
        foreach (var (term, group, columns) in built)
            IdentifiabilityChecks.CheckRandomEffectCount(group, term, columns.Count, n);
        var terms = built.Select(b => ToRandomEffectsTerm(b.Group, b.Columns, n)).ToList();
        int[] order = RandomTermOrder.Order(terms.Select(t => t.LevelCount).ToList());
        var sorted = order.Select(i => terms[i]).ToArray();
        GroupedResponseCheck.Check(formula, response, sorted);
        var warnings = sorted.Select(RandomColumnRankCheck.Warning).OfType<string>().ToArray();

        var schema = DesignSchema.FromFrame(formula, frame, fixedNames, dropped, sorted, order, contrasts);
        return new ModelDesign(formula, response, x, fixedNames, dropped, sorted, frame.RowsUsed, frame.RowsDropped, schema)
            { Warnings = warnings, Offset = offset, Weights = w, WeightsColumn = weights?.Name };
    }

    /// <summary>The sum of the formula's offset() terms per row used, or null when it has none.</summary>
    internal static double[]? OffsetValues(Formula formula, ModelFrame frame)
    {
        if (formula.Offsets.Count == 0)
            return null;
        var sum = new double[frame.RowCount];
        foreach (var label in formula.Offsets)
        {
            var values = ((NumericVariable)frame[label]).Values;
            for (int i = 0; i < sum.Length; i++)
                sum[i] += values[i];
        }
        return sum;
    }

    /// <summary>Each explicit coding names a factor of the fixed effects; its reference level is checked when coded.</summary>
    private static void CheckContrasts(Formula formula, ModelFrame frame, IReadOnlyDictionary<string, ContrastSpec>? contrasts)
    {
        if (contrasts is null)
            return;
        var fixedVariables = new HashSet<string>(formula.FixedTerms.SelectMany(t => t.Variables), StringComparer.Ordinal);
        foreach (var pair in contrasts)
        {
            if (!fixedVariables.Contains(pair.Key))
                throw ContrastSpec.Invalid(pair.Key,
                    $"-Contrasts names '{pair.Key}', which is not a variable of the fixed effects of '{formula.Text}' (contrasts code the factors of X; the fixed-effects variables are {string.Join(", ", fixedVariables.Select(v => $"'{v}'"))}).");
            if (frame[pair.Key] is not FactorVariable factor)
                throw ContrastSpec.Invalid(pair.Key,
                    $"-Contrasts names '{pair.Key}', which is numeric, not a factor: only factors are coded by contrasts. Read it as a factor with -Categorical (or write factor({pair.Key})) to code it.");
            pair.Value.Coding(pair.Key, factor.Levels);
        }
    }

    private static (RandomTerm Term, GroupingFactor Group, List<DesignColumn> Columns) BuildRandomTerm(ModelFrame frame, RandomTerm term, string formulaText)
    {
        GroupingFactor group = GroupingFactorBuilder.Build(frame, term);
        var columns = ModelMatrixBuilder.Build(frame, term.HasIntercept, term.Terms, formulaText,
            $"the random-effects term at formula position {term.Position}");
        int k = columns.Count;
        if (k == 0)
        {
            throw new LmmException(
                "EmptyRandomTerm",
                LmmErrorCategory.InvalidArgument,
                $"The random-effects term for '{group.Label}' at formula position {term.Position} has no columns (no intercept and no variables). " +
                "Give it an intercept, e.g. (1 | g), or a variable.")
            {
                Column = group.Label,
                Position = term.Position,
            };
        }

        return (term, group, columns);
    }

    /// <summary>The term's model matrix, stored row-major as <see cref="RandomEffectsTerm.Z"/> expects.</summary>
    private static RandomEffectsTerm ToRandomEffectsTerm(GroupingFactor group, List<DesignColumn> columns, int n)
    {
        int k = columns.Count;
        var z = new double[n * k];
        for (int j = 0; j < k; j++)
        {
            double[] values = columns[j].Values;
            for (int i = 0; i < n; i++)
                z[i * k + j] = values[i];
        }
        return new RandomEffectsTerm(group.Label, group.Levels, group.LevelIndex, k, z, columns.Select(c => c.Name).ToArray());
    }
}
