namespace LmmPS.Core.Fitting;

/// <summary>The profiled objective from the pieces of L (DESIGN.md "The model"):
/// ML:   N (1 + log(2 pi pwrss / N)) + ldL2
/// REML: (N - P)(1 + log(2 pi pwrss / (N - P))) + ldL2 + ldRX2.</summary>
internal static class ProfiledDeviance
{
    public static double Compute(EstimationMethod method, int n, int p, double pwrss, double ldL2, double ldRX2)
    {
        if (method == EstimationMethod.ML)
            return n * (1.0 + Math.Log(2.0 * Math.PI * pwrss / n)) + ldL2;
        int dof = n - p;
        return dof * (1.0 + Math.Log(2.0 * Math.PI * pwrss / dof)) + ldL2 + ldRX2;
    }

    /// <summary>sigma-hat: sqrt(pwrss / N) for ML, sqrt(pwrss / (N - P)) for REML.</summary>
    public static double Sigma(EstimationMethod method, int n, int p, double pwrss) =>
        Math.Sqrt(pwrss / (method == EstimationMethod.ML ? n : n - p));
}
