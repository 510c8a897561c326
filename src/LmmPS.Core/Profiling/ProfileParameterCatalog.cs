using LmmPS.Core.Design;

namespace LmmPS.Core.Profiling;

/// <summary>The parameters of a design in lme4's confint order: per random-effects term, in theta order (each
/// template's lower triangle column by column), <c>sd_NAME|GROUP</c> on the diagonal and <c>cor_ROW.COLUMN|GROUP</c>
/// below it; then <c>sigma</c>; then the fixed effects.</summary>
public static class ProfileParameterCatalog
{
    public static IReadOnlyList<ProfileParameter> For(ModelDesign design)
    {
        if (design is null) throw new ArgumentNullException(nameof(design));
        var list = new List<ProfileParameter>();
        for (int j = 0; j < design.RandomTerms.Count; j++)
        {
            var term = design.RandomTerms[j];
            for (int column = 0; column < term.ColumnCount; column++)
            {
                for (int row = column; row < term.ColumnCount; row++)
                {
                    list.Add(row == column
                        ? new ProfileParameter($"sd_{term.ColumnNames[row]}|{term.Group}", ProfileParameterKind.StdDev, j, row, column, -1, 0.0, double.PositiveInfinity)
                        : new ProfileParameter($"cor_{term.ColumnNames[row]}.{term.ColumnNames[column]}|{term.Group}", ProfileParameterKind.Correlation, j, row, column, -1, -1.0, 1.0));
                }
            }
        }
        list.Add(new ProfileParameter("sigma", ProfileParameterKind.Sigma, -1, -1, -1, -1, 0.0, double.PositiveInfinity));
        for (int t = 0; t < design.FixedEffectCount; t++)
            list.Add(new ProfileParameter(design.FixedEffectNames[t], ProfileParameterKind.FixedEffect, -1, -1, -1, t, double.NegativeInfinity, double.PositiveInfinity));
        return list;
    }
}
