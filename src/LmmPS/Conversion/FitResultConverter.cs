using System.Globalization;
using LmmPS.Core.Fitting;

namespace LmmPS.Conversion;

/// <summary>Flattens the engine's matrices into the row types the cmdlets output.</summary>
internal static class FitResultConverter
{
    public static LmmFixedEffect[] FixedEffects(FitResult result, string formula, string source) =>
        result.FixedEffects.Select(f => new LmmFixedEffect(f.Name, f.Estimate, f.StdError, f.TValue) { Formula = formula, Source = source }).ToArray();

    /// <summary>One row per column of each term, then the residual; see <see cref="LmmVarianceComponent"/> for the
    /// layout of the correlation string.</summary>
    public static LmmVarianceComponent[] VarianceComponents(FitResult result, string formula, string source)
    {
        var rows = new List<LmmVarianceComponent>();
        foreach (var component in result.VarianceComponents)
        {
            for (int i = 0; i < component.Names.Count; i++)
            {
                rows.Add(new LmmVarianceComponent(
                    component.Group,
                    component.Names[i],
                    component.Covariance[i, i],
                    component.StdDev[i],
                    CorrelationsWithEarlierColumns(component.Correlation, i))
                {
                    Formula = formula,
                    Source = source,
                });
            }
        }
        return rows.ToArray();
    }

    public static LmmRandomEffect[] RandomEffects(FitResult result, string formula, string source)
    {
        var rows = new List<LmmRandomEffect>();
        foreach (var table in result.RandomEffects)
        {
            int k = table.Names.Count;
            for (int level = 0; level < table.Levels.Count; level++)
            {
                for (int column = 0; column < k; column++)
                {
                    int at = level * k + column;
                    rows.Add(new LmmRandomEffect(table.Group, table.Levels[level], table.Names[column], table.Modes[at], table.ConditionalSD[at])
                    {
                        Formula = formula,
                        Source = source,
                    });
                }
            }
        }
        return rows.ToArray();
    }

    /// <summary>Row <paramref name="row"/> of the correlation matrix left of the diagonal, as text.</summary>
    internal static string CorrelationsWithEarlierColumns(double[,]? correlation, int row)
    {
        // The residual carries no correlation matrix; a 1 x 1 term has nothing left of the diagonal.
        if (correlation is null || row == 0 || correlation.GetLength(0) <= row)
            return string.Empty;
        var parts = new string[row];
        for (int j = 0; j < row; j++)
            parts[j] = correlation[row, j].ToString("R", CultureInfo.InvariantCulture);
        return string.Join(" ", parts);
    }
}
