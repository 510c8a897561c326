using LmmPS.Core.Model;

namespace LmmPS.Core.Priors;

/// <summary>The fixed-effects-and-response part of the model at one theta, with the random effects already
/// integrated out: the Schur complement C of the random-effects block in Omega = Lambda'[Z X y]'[Z X y]Lambda + diag(I, 0),
///   C_XX = X'X - L_ZX L_ZX',  c_Xy = X'y - L_ZX u~,  c_yy = y'y - ||u~||^2  (u~ = L_Z^-1 Lambda'Z'y).
/// The trailing (p+1) x (p+1) block B = [L_XX 0; l_yX' l_yy] of the model's factor satisfies B B' = C, so C is read
/// off the factor after <see cref="BlockedFactor.Update"/> without touching it. A copy: later updates do not change it.
/// For any beta, min_u ||y - X beta - Z Lambda u||^2 + ||u||^2 = c_yy - 2 beta'c_Xy + beta'C_XX beta.</summary>
internal sealed class SchurComplement
{
    private SchurComplement(int p, double[] cxx, double[] cxy, double cyy, double ldL2, double pwrssWithoutPrior)
    {
        FixedEffectCount = p;
        Cxx = cxx;
        Cxy = cxy;
        Cyy = cyy;
        LogDetLZSquared = ldL2;
        PenalizedRssWithoutPrior = pwrssWithoutPrior;
    }

    public int FixedEffectCount { get; }

    /// <summary>C_XX, column-major p x p, both triangles.</summary>
    public double[] Cxx { get; }

    public double[] Cxy { get; }

    public double Cyy { get; }

    /// <summary>lme4's ldL2 = log det(L_Z)^2; the prior does not change it.</summary>
    public double LogDetLZSquared { get; }

    /// <summary>l_yy^2: the pwrss of the model without a prior (its closed-form sigma is the Newton start).</summary>
    public double PenalizedRssWithoutPrior { get; }

    /// <summary>Reads C from the factor, which must be current.</summary>
    public static SchurComplement Read(BlockedFactor factor)
    {
        var trailing = new TrailingReader(factor);
        int p = trailing.FixedCount;
        // Lower-triangular L_XX (p x p) and the y row l_yX.
        double Lxx(int r, int c) => trailing.XyBlock(r, c);
        double Ly(int c) => trailing.ResponseX(c);

        var cxx = new double[p * p];
        for (int i = 0; i < p; i++)
            for (int j = 0; j <= i; j++)
            {
                double s = 0.0;
                for (int k = 0; k <= j; k++) s += Lxx(i, k) * Lxx(j, k);
                cxx[j * p + i] = cxx[i * p + j] = s;
            }
        var cxy = new double[p];
        double cyy = 0.0;
        for (int i = 0; i < p; i++)
        {
            double s = 0.0;
            for (int k = 0; k <= i; k++) s += Lxx(i, k) * Ly(k);
            cxy[i] = s;
            cyy += Ly(i) * Ly(i);
        }
        double lyy = trailing.ResponseDiagonal;
        cyy += lyy * lyy;
        return new SchurComplement(p, cxx, cxy, cyy, factor.LogDetLZSquared(), lyy * lyy);
    }
}
