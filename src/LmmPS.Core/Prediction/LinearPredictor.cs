using LmmPS.Core.Design;
using LmmPS.Core.Fitting;

namespace LmmPS.Core.Prediction;

/// <summary>x'beta + the sum over chosen random-effects terms of z_term' b_term[level]: the one formula behind
/// fitted values (the fit's own rows, every term) and predictions (new rows, the terms asked for; a level the fit
/// has not seen contributes 0 for its own term).</summary>
internal static class LinearPredictor
{
    /// <param name="n">Rows.</param>
    /// <param name="x">Column-major n x p.</param>
    /// <param name="beta">p estimates.</param>
    /// <param name="terms">Per term: row-major n x k Z, each row's level (-1: none), the term's modes (levels x k,
    /// row-major), or null to leave the term out.</param>
    public static double[] Compute(int n, double[] x, IReadOnlyList<double> beta, IReadOnlyList<(double[] Z, int[] Level, int K, double[] Modes)?> terms)
    {
        int p = beta.Count;
        var eta = new double[n];
        for (int j = 0; j < p; j++)
        {
            double bj = beta[j];
            int o = j * n;
            for (int i = 0; i < n; i++)
                eta[i] += x[o + i] * bj;
        }
        foreach (var term in terms)
        {
            if (term is not { } t) continue;
            for (int i = 0; i < n; i++)
            {
                int level = t.Level[i];
                if (level < 0) continue;
                double s = 0.0;
                for (int c = 0; c < t.K; c++)
                    s += t.Z[i * t.K + c] * t.Modes[level * t.K + c];
                eta[i] += s;
            }
        }
        return eta;
    }

    public static double[] Beta(FitResult fit) => fit.FixedEffects.Select(f => f.Estimate).ToArray();

    /// <summary>Fitted values of the fit's own rows: X beta-hat + Z b-hat + offset (lme4's fitted()).</summary>
    public static double[] Fitted(FitResult fit)
    {
        var d = fit.Design;
        var terms = d.RandomTerms.Select((t, j) => ((double[], int[], int, double[])?)(t.Z, t.LevelIndex, t.ColumnCount, fit.RandomEffects[j].Modes)).ToList();
        return AddOffset(Compute(d.RowCount, d.X, Beta(fit), terms), d.Offset);
    }

    /// <summary>eta + offset in place (the offset is a known part of the linear predictor, coefficient 1); eta when null.</summary>
    public static double[] AddOffset(double[] eta, double[]? offset)
    {
        if (offset is not null)
            for (int i = 0; i < eta.Length; i++)
                eta[i] += offset[i];
        return eta;
    }
}
