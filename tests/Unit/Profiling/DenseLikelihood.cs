using LmmPS.Core.Design;
using MathNet.Numerics.LinearAlgebra;

namespace LmmPS.Tests.Profiling;

/// <summary>An independent check of a profile point: -2 log-likelihood of y ~ N(X beta, sigma^2 (I + Z Lambda Lambda' Z'))
/// from dense matrices (no blocked factor, no PLS), for small data sets.</summary>
internal static class DenseLikelihood
{
    public static double MinusTwoLogLik(ModelDesign design, IReadOnlyList<double> theta, double sigma, IReadOnlyList<double> beta)
    {
        int n = design.RowCount, p = design.FixedEffectCount;
        int q = design.RandomEffectCount;
        var a = ZLambda(design, theta);
        var v = (Matrix<double>.Build.DenseIdentity(n) + a * a.Transpose()) * (sigma * sigma);
        var residual = Vector<double>.Build.Dense(n);
        for (int i = 0; i < n; i++)
        {
            double fitted = 0.0;
            for (int j = 0; j < p; j++)
                fitted += design.X[j * n + i] * beta[j];
            residual[i] = design.Response[i] - fitted;
        }
        var cholesky = v.Cholesky();
        double quadratic = residual.DotProduct(cholesky.Solve(residual));
        return n * Math.Log(2 * Math.PI) + cholesky.DeterminantLn + quadratic;
    }

    /// <summary>Z Lambda(theta) as a dense n x q matrix: columns term by term, level by level, k per level; the template
    /// T of each term filled column by column (lme4's theta order), so a row of a level holds z_i' T.</summary>
    public static Matrix<double> ZLambda(ModelDesign design, IReadOnlyList<double> theta)
    {
        int n = design.RowCount;
        var a = Matrix<double>.Build.Dense(n, design.RandomEffectCount);
        int column0 = 0, t0 = 0;
        foreach (var term in design.RandomTerms)
        {
            int k = term.ColumnCount;
            var template = new double[k, k];
            for (int c = 0; c < k; c++)
                for (int r = c; r < k; r++)
                    template[r, c] = theta[t0++];
            for (int i = 0; i < n; i++)
            {
                int level = term.LevelIndex[i];
                for (int c = 0; c < k; c++)
                {
                    double s = 0.0;
                    for (int r = 0; r < k; r++)
                        s += term.Z[i * k + r] * template[r, c];
                    a[i, column0 + level * k + c] = s;
                }
            }
            column0 += term.Size;
        }
        return a;
    }
}
