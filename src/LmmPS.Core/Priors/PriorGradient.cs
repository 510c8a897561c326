using LmmPS.Core.Model;

namespace LmmPS.Core.Priors;

/// <summary>
/// The weight block that turns the plain gradient machinery into the gradient of a prior's objective
/// F(theta) = min over sigma of f(theta, sigma) (docs/gradient.md, "A prior").
/// <para>f = ldL2 + g(C): ldL2 is the plain sum of 2 log L_ii over the random-effect rows and everything else reads only
/// the Schur complement C = B B' of the [X y] block (<see cref="SchurComplement"/>). At the sigma* minimising f the
/// envelope theorem gives dF/dtheta = partial f / partial theta at sigma*, so sigma is held fixed and only
/// G = dg/dC is needed. With v = [-beta~; 1] (beta~ the joint mode at sigma*):</para>
/// <code>
///   P(C) = min over b of [-b; 1]' C [-b; 1] + k b'S^-1 b   =>  dP = v' dC v      (envelope in b)
///   log det M, M = C_XX + k S^-1                       =>  d log det M = tr(M^-1 dC_XX)
///   G = v v' / sigma*^2  [+ M^-1 (+) 0  for the integrated likelihood]
/// </code>
/// <para>(k = sigma*^2 absolute, 1 relative; the other terms of f do not involve C). With dC = [-K; I]' dOmega [-K; I]
/// and [-K; I] = L^-T [0; B'], the gradient is &lt;L^-T W L^-1, dOmega&gt; with W = I on the random rows and
/// W_b = B' G B on the [X y] rows. Without a prior (S^-1 = 0) and with sigma^2 = pwrss / N this is N on the y row and
/// 0 (ML) or I (REML) on the X rows: exactly the plain weights, since B'v = [0; l_yy] there.</para>
/// </summary>
internal static class PriorGradient
{
    /// <summary>W_b = B' G B, column-major (p+1) x (p+1), from the factor (current at theta) and the state at sigma*.</summary>
    public static double[] ResponseBlock(BlockedFactor factor, SigmaState state, PriorObjective objective)
    {
        var trailing = new TrailingReader(factor);
        int p = trailing.FixedCount, b = p + 1;

        var g = new double[b * b];
        var v = new double[b];
        for (int i = 0; i < p; i++) v[i] = -state.Beta[i];
        v[p] = 1.0;
        double inverseSigma2 = 1.0 / (state.Sigma * state.Sigma);
        for (int c = 0; c < b; c++)
            for (int r = 0; r < b; r++)
                g[c * b + r] = v[r] * v[c] * inverseSigma2;
        if (objective == PriorObjective.IntegratedLikelihood)
        {
            var mInverse = state.M.Inverse();
            for (int c = 0; c < p; c++)
                for (int r = 0; r < p; r++)
                    g[c * b + r] += mInverse[c * p + r];
        }

        // B: the lower (p+1) x (p+1) block of the factor's dense part (its upper triangle is not read).
        var bl = new double[b * b];
        for (int c = 0; c < b; c++)
            for (int r = c; r < b; r++)
                bl[c * b + r] = trailing.XyBlock(r, c);

        // H = G B, then W = B' H.
        var h = new double[b * b];
        for (int c = 0; c < b; c++)
            for (int r = 0; r < b; r++)
            {
                double s = 0.0;
                for (int k = c; k < b; k++) s += g[k * b + r] * bl[c * b + k];
                h[c * b + r] = s;
            }
        var w = new double[b * b];
        for (int c = 0; c < b; c++)
            for (int r = 0; r <= c; r++)
            {
                double s = 0.0;
                for (int k = r; k < b; k++) s += bl[r * b + k] * h[c * b + k];
                w[c * b + r] = s;
                w[r * b + c] = s;
            }
        return w;
    }
}
