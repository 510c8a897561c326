using System.Runtime.CompilerServices;
using LmmPS.Core.Common;
using LmmPS.Core.LinearAlgebra;

namespace LmmPS.Core.Model;

/// <summary>The penalized residual r~ = y - X beta - Z Lambda u of the working (whitened) design at a solution, and the
/// penalized RSS ||r~||^2 + ||u||^2 computed from it.
///
/// Why not l_yy^2, the last diagonal of L (issue 17 item 6): the Cholesky forms l_yy^2 = y'y - (what Z and X explain)
/// by subtraction, so it carries the rounding of y'y and of every downdate of the y column, about eps y'y in absolute
/// terms, while pwrss can be hundreds of times smaller than y'y (the star design: y near 600, sigma near 25). The
/// objective's N log pwrss turned that into noise of 1e-6 in second differences along the first term's theta, a
/// thousand times lme4's, which computes pwrss from the residual as here. At the computed (beta, u), which minimise
/// the penalized RSS, an error delta in them moves this sum only by delta'H delta (second order), and each term is
/// a square: no cancellation. Cost: O(nnz(Z) + n p) per evaluation, which on a small model is several times its
/// factorization: the objective uses it only where l_yy^2 is noisy (LinearMixedModel.FactorPwrssIsNoisy).</summary>
internal static class PenalizedResidual
{
    /// <summary>r~ at <paramref name="beta"/> and the spherical random effects <paramref name="u"/> (the layout of
    /// <see cref="ModelSolution.U"/>), written into <paramref name="residual"/> (n values).</summary>
    [MethodImpl(JitHints.Hot)]
    public static void Compute(LinearMixedModel model, ReadOnlySpan<double> theta, double[] beta, double[] u, double[] residual)
    {
        var design = model.WorkingDesign;
        int n = design.RowCount;
        Array.Copy(design.Response, residual, n);
        for (int t = 0; t < design.FixedEffectCount; t++)
            VectorOps.Axpy(-beta[t], design.X, t * n, residual, 0, n);

        for (int k = 0; k < design.RandomTerms.Count; k++)
        {
            var term = design.RandomTerms[k];
            int kk = term.ColumnCount;
            var b = ModelSolution.RandomEffects(model, theta, k, u);
            for (int i = 0; i < n; i++)
            {
                int o = term.LevelIndex[i] * kk;
                double s = 0;
                for (int c = 0; c < kk; c++) s += term.Z[i * kk + c] * b[o + c];
                residual[i] -= s;
            }
        }
    }

    /// <summary>||r~||^2 + ||u||^2, summed with Neumaier's compensation (the terms are positive, but n of them in
    /// plain summation would add up to n eps of relative rounding).</summary>
    [MethodImpl(JitHints.Hot)]
    public static double SumOfSquares(LinearMixedModel model, ReadOnlySpan<double> theta, double[] beta, double[] u) =>
        SumOfSquares(model, theta, beta, u, new double[model.WorkingDesign.RowCount]);

    /// <summary>As above, leaving r~ in <paramref name="residual"/> (n values) for a reader that needs it next (the
    /// average-information Hessian at the same solution).</summary>
    [MethodImpl(JitHints.Hot)]
    public static double SumOfSquares(LinearMixedModel model, ReadOnlySpan<double> theta, double[] beta, double[] u, double[] residual)
    {
        Compute(model, theta, beta, u, residual);
        var sum = new CompensatedSum();
        foreach (double r in residual) sum.Add(r * r);
        foreach (double v in u) sum.Add(v * v);
        return sum.Value;
    }

    /// <summary>Neumaier's variant of Kahan summation.</summary>
    private struct CompensatedSum
    {
        private double _sum;
        private double _compensation;

        public void Add(double x)
        {
            double t = _sum + x;
            _compensation += Math.Abs(_sum) >= Math.Abs(x) ? (_sum - t) + x : (x - t) + _sum;
            _sum = t;
        }

        public readonly double Value => _sum + _compensation;
    }
}
