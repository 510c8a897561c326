namespace LmmPS.Core.Model;

/// <summary>The profiled objective and everything that depends on which one it is, in one place (DESIGN.md
/// "The model"). With N the residual degrees of freedom, n for ML and n - p for REML (<see cref="ResidualDegrees"/>,
/// the only place that choice is made):
/// ML:   N (1 + log(2 pi pwrss / N)) + ldL2
/// REML: N (1 + log(2 pi pwrss / N)) + ldL2 + ldRX2
/// sigma-hat^2 = pwrss / N, and d objective = d ldL2 + [REML] d ldRX2 + N d pwrss / pwrss, so the gradient and the
/// average-information Hessian weight the [X y] block by <see cref="LogDetLXWeight"/> and <see cref="ResponseWeight"/>.
/// Prior weights w (Var(e_i) = sigma^2 / w_i) enter twice. The cross-product is A = [Z X y]'W[Z X y]
/// (<see cref="Design.PriorWeights.Whitened"/>), so pwrss, ldL2 and ldRX2 are those of the whitened model
/// W^1/2 y = W^1/2 X beta + W^1/2 Z b + e~, whose errors are iid N(0, sigma^2). The density of y is that of e~ times
/// the Jacobian |W^1/2| = prod sqrt(w_i), so -2 log-likelihood (and the REML criterion, whose extra ldRX2 comes from
/// the whitened X) gain -sum log w_i, once, at every theta: <see cref="Objective"/> subtracts
/// <see cref="SumLogWeights"/>. Being constant in theta it changes no gradient or Hessian. N stays the number of
/// rows (not sum w): sigma-hat^2 = pwrss / N is the variance of a unit-weight observation (lme4's sigma). Without
/// weights the sum is 0 and nothing is subtracted (the unweighted arithmetic exactly). A fixed sigma replaces the profiled
/// N (1 + log(2 pi pwrss / N)) by N log(2 pi sigma^2) + pwrss / sigma^2, and <see cref="ResponseWeight"/> by
/// pwrss / sigma^2. The prior's objectives (Priors/SigmaProfile) take N from here too.</summary>
internal readonly struct ProfiledCriterion
{
    public ProfiledCriterion(EstimationMethod method, int rowCount, int fixedCount, double sumLogWeights = 0.0)
    {
        Method = method;
        RowCount = rowCount;
        FixedCount = fixedCount;
        SumLogWeights = sumLogWeights;
    }

    /// <summary>sum log w_i of the prior weights; 0 without weights.</summary>
    public double SumLogWeights { get; }

    public EstimationMethod Method { get; }

    public int RowCount { get; }

    public int FixedCount { get; }

    /// <summary>N: n for ML, n - p for REML.</summary>
    public int ResidualDegrees => Method == EstimationMethod.ML ? RowCount : RowCount - FixedCount;

    /// <summary>1 where log det(L_X)^2 is part of the objective (REML), else 0.</summary>
    public double LogDetLXWeight => Method == EstimationMethod.ML ? 0.0 : 1.0;

    /// <summary>The weight of d pwrss / pwrss in the derivative: N.</summary>
    public double ResponseWeight => ResidualDegrees;

    /// <summary>The objective from the pieces of L. (Two branches, so that ML adds no 0 * ldRX2 term: the same
    /// arithmetic as before this type existed.)</summary>
    public double Objective(double pwrss, double ldL2, double ldRX2)
    {
        int dof = ResidualDegrees;
        double objective = Method == EstimationMethod.ML
            ? dof * (1.0 + Math.Log(2.0 * Math.PI * pwrss / dof)) + ldL2
            : dof * (1.0 + Math.Log(2.0 * Math.PI * pwrss / dof)) + ldL2 + ldRX2;
        return SumLogWeights == 0.0 ? objective : objective - SumLogWeights;
    }

    /// <summary>sigma-hat: sqrt(pwrss / N).</summary>
    public double Sigma(double pwrss) => Math.Sqrt(pwrss / ResidualDegrees);
}
