using LmmPS.Core.Common;
using MathNet.Numerics.LinearAlgebra;

namespace LmmPS.Core.Gradients;

/// <summary>The score with respect to a term's relative covariance D = T T' (T the k x k lower template) by the chain
/// rule from the gradient in theta. theta -> D is one-to-one near T exactly when T is non-singular, so the score is
/// defined only there. Convention: each distinct element of D is one parameter, so an off-diagonal score is
/// d/dD_rc with D_rc and D_cr moved together (twice the derivative for one entry of a symmetric-matrix gradient).</summary>
internal static class CovarianceScore
{
    /// <summary>d l / d D for l = -f/2 (f the profiled objective), from df/dtheta of the term (lme4's order).</summary>
    public static double[,] FromThetaGradient(double[] template, int k, ReadOnlySpan<double> thetaGradient, string group)
    {
        for (int c = 0; c < k; c++)
            if (!(template[c * k + c] > 0.0))
                throw new LmmException("ScoreUndefinedAtBoundary", LmmErrorCategory.InvalidArgument,
                    $"The relative covariance factor of the term for '{group}' has {template[c * k + c]} on diagonal element {c + 1}; " +
                    "the score with respect to D is defined only where every diagonal element of theta's template is > 0 (D positive definite). Use the gradient in theta at the boundary.");
        int n = k * (k + 1) / 2;
        // Pairs (r, c), r >= c, column by column: the order of theta and of the distinct elements of D.
        var pairs = new (int R, int C)[n];
        int idx = 0;
        for (int c = 0; c < k; c++)
            for (int r = c; r < k; r++)
                pairs[idx++] = (r, c);
        // J[i, j] = d D_{pairs[i]} / d T_{pairs[j]}, with D_rc = sum_s T_rs T_cs:
        // d D_rc / d T_ab = [r == a] T_cb + [c == a] T_rb.
        var jacobian = Matrix<double>.Build.Dense(n, n);
        for (int i = 0; i < n; i++)
        {
            var (r, c) = pairs[i];
            for (int j = 0; j < n; j++)
            {
                var (a, b) = pairs[j];
                double v = 0.0;
                if (r == a) v += template[b * k + c];
                if (c == a) v += template[b * k + r];
                jacobian[i, j] = v;
            }
        }
        // df/dtheta_j = sum_i df/dD_i J[i, j]  =>  J' (df/dD) = df/dtheta.
        var rhs = Vector<double>.Build.Dense(n);
        for (int j = 0; j < n; j++) rhs[j] = thetaGradient[j];
        var dfdD = jacobian.Transpose().Solve(rhs);
        var score = new double[k, k];
        for (int i = 0; i < n; i++)
        {
            var (r, c) = pairs[i];
            score[r, c] = score[c, r] = -0.5 * dfdD[i];
        }
        return score;
    }
}
