using LmmPS.Core.Common;

namespace LmmPS.Core.Priors;

/// <summary>A prior resolved against a model's p coefficients: S (p x p), S^-1 and log det S, validated. S is
/// Sigma_beta itself on the absolute scale and Sigma_beta / sigma^2 on the relative scale.</summary>
internal sealed class PriorCovariance
{
    private PriorCovariance(int p, double[] s, double[] sInverse, double logDet)
    {
        Size = p;
        S = s;
        SInverse = sInverse;
        LogDeterminant = logDet;
    }

    public int Size { get; }

    /// <summary>S, column-major p x p.</summary>
    public double[] S { get; }

    /// <summary>S^-1, column-major p x p.</summary>
    public double[] SInverse { get; }

    /// <summary>log det S.</summary>
    public double LogDeterminant { get; }

    /// <summary>Expands and validates <paramref name="prior"/> for the coefficients <paramref name="names"/>.</summary>
    public static PriorCovariance Resolve(FixedEffectPrior prior, IReadOnlyList<string> names)
    {
        if (prior is null) throw new ArgumentNullException(nameof(prior));
        int p = names.Count;
        if (p == 0)
            throw new LmmException("PriorWithoutFixedEffects", LmmErrorCategory.InvalidArgument,
                "The model has no fixed effects (e.g. 'y ~ 0 + (1 | g)'), so a fixed-effect prior has nothing to apply to; remove the prior or add fixed effects to the formula.");
        var s = prior.StandardDeviations is { } sd ? FromStandardDeviations(sd, names) : FromCovariance(prior.Covariance!, names);
        var factor = SymmetricPositiveDefinite.TryFactor(s, p);
        if (factor is null)
            throw new LmmException("PriorCovarianceNotPositiveDefinite", LmmErrorCategory.InvalidArgument,
                $"The fixed-effect prior covariance ({p} x {p}, coefficients {string.Join(", ", names)}) is not positive definite: some combination of the coefficients would get zero or negative prior variance. Give a covariance with all eigenvalues > 0 (e.g. check the correlations are within -1..1 and consistent).");
        return new PriorCovariance(p, s, factor.Inverse(), factor.LogDeterminant());
    }

    /// <summary>diag(sd^2), the last SD repeating for the remaining coefficients. blme does that for one or two SDs
    /// (its documented "intercept, then everything else" form); for 3..p-1 values blme recycles the whole vector
    /// (rep_len), which is rarely what is meant, so here the last value always repeats. More SDs than coefficients
    /// is an error here (blme warns and drops the extra ones): it almost always means the prior was written for
    /// another model.</summary>
    private static double[] FromStandardDeviations(IReadOnlyList<double> sd, IReadOnlyList<string> names)
    {
        int p = names.Count;
        if (sd.Count == 0)
            throw new LmmException("PriorLengthMismatch", LmmErrorCategory.InvalidArgument,
                $"The fixed-effect prior has no standard deviations; give 1 to {p} values (coefficients: {string.Join(", ", names)}).");
        if (sd.Count > p)
            throw new LmmException("PriorLengthMismatch", LmmErrorCategory.InvalidArgument,
                $"The fixed-effect prior has {sd.Count} standard deviations but the model has {p} coefficient(s) ({string.Join(", ", names)}); give at most {p} (the last value repeats for the remaining coefficients).");
        for (int i = 0; i < sd.Count; i++)
        {
            double v = sd[i];
            // Which coefficient a value lands on is only exact for i < p; with a repeat it also covers the rest.
            string coefficient = names[i];
            string problem = double.IsNaN(v) ? "NaN" : double.IsInfinity(v) ? "infinite" : v == 0 ? "zero" : v < 0 ? "negative" : "";
            if (problem.Length > 0)
                throw new LmmException("InvalidPriorStandardDeviation", LmmErrorCategory.InvalidArgument,
                    $"Fixed-effect prior standard deviation {i + 1} (for '{coefficient}') is {problem} ({v.ToString(System.Globalization.CultureInfo.InvariantCulture)}); every prior SD must be a finite number greater than 0. For a very weak prior use a large SD (e.g. 1e6), not infinity.")
                { Column = coefficient };
            // The variance sd^2 and its inverse must both be finite normal numbers: beyond about 1.3e154 the square is
            // infinite, below about 1.5e-154 it is subnormal or 0 and its inverse overflows. Either made the prior's
            // factorization fail with the covariance's "not positive definite" message, which pointed at correlations.
            double square = v * v;
            if (double.IsInfinity(square) || square < MinNormal)
                throw new LmmException("PriorStandardDeviationOutOfRange", LmmErrorCategory.InvalidArgument,
                    $"Fixed-effect prior standard deviation {i + 1} (for '{coefficient}') is {v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}: " +
                    $"its square, the prior variance, {(double.IsInfinity(square) ? "overflows to infinity" : "underflows (is too small for a double)")}. " +
                    "Give an SD between 1e-150 and 1e150 (rescale the covariate if its coefficient needs more); for a very weak prior 1e6 is plenty.")
                { Column = coefficient };
        }
        var s = new double[p * p];
        for (int i = 0; i < p; i++)
        {
            double v = sd[Math.Min(i, sd.Count - 1)];
            s[i * p + i] = v * v;
        }
        return s;
    }

    /// <summary>The smallest positive normal double (2^-1022).</summary>
    private const double MinNormal = 2.2250738585072014E-308;

    private static double[] FromCovariance(double[,] cov, IReadOnlyList<string> names)
    {
        int p = names.Count, rows = cov.GetLength(0), cols = cov.GetLength(1);
        if (rows != cols)
            throw new LmmException("PriorCovarianceNotSquare", LmmErrorCategory.InvalidArgument,
                $"The fixed-effect prior covariance is {rows} x {cols}; it must be square, {p} x {p} for the coefficients {string.Join(", ", names)}.");
        if (rows != p)
            throw new LmmException("PriorCovarianceWrongSize", LmmErrorCategory.InvalidArgument,
                $"The fixed-effect prior covariance is {rows} x {cols} but the model has {p} coefficient(s) ({string.Join(", ", names)}); give a {p} x {p} matrix in that order.");
        var s = new double[p * p];
        for (int i = 0; i < p; i++)
            for (int j = 0; j < p; j++)
            {
                double v = cov[i, j];
                if (double.IsNaN(v) || double.IsInfinity(v))
                    throw new LmmException("PriorCovarianceNotFinite", LmmErrorCategory.InvalidArgument,
                        $"Element [{i},{j}] of the fixed-effect prior covariance ('{names[i]}', '{names[j]}') is {v.ToString(System.Globalization.CultureInfo.InvariantCulture)}; every element must be a finite number.")
                    { Column = names[i] };
                s[j * p + i] = v;
            }
        for (int i = 0; i < p; i++)
            for (int j = 0; j < i; j++)
            {
                double a = cov[i, j], b = cov[j, i];
                // Exact symmetry is what blme demands; allow only rounding in the last digits of typed numbers.
                if (Math.Abs(a - b) > 1e-12 * Math.Max(Math.Abs(a), Math.Abs(b)))
                    throw new LmmException("PriorCovarianceNotSymmetric", LmmErrorCategory.InvalidArgument,
                        $"The fixed-effect prior covariance is not symmetric: element [{i},{j}] ('{names[i]}', '{names[j]}') is {a.ToString(System.Globalization.CultureInfo.InvariantCulture)} but [{j},{i}] is {b.ToString(System.Globalization.CultureInfo.InvariantCulture)}; a covariance must equal its transpose.")
                    { Column = names[i] };
                double mean = 0.5 * (a + b);
                s[j * p + i] = s[i * p + j] = mean;
            }
        return s;
    }
}
