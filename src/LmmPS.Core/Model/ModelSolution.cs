using LmmPS.Core.LinearAlgebra;

namespace LmmPS.Core.Model;

/// <summary>Estimates read off the current factor without refactoring. The y row of L holds the solution of the
/// lower-triangular system, so one back-substitution L' [u; beta] = l_y gives beta and the spherical random
/// effects u; then b = Lambda u.</summary>
internal sealed class ModelSolution
{
    private ModelSolution(double sigma, double[] beta, double[] u, double pwrss, double ldL2, double ldRX2, double[]? residual)
    {
        Residual = residual;
        Sigma = sigma;
        Beta = beta;
        U = u;
        PenalizedRss = pwrss;
        LogDetLZSquared = ldL2;
        LogDetLXSquared = ldRX2;
    }

    public double Sigma { get; }

    public double[] Beta { get; }

    /// <summary>Spherical random effects, first term's q0 values then the later terms' in row order.</summary>
    public double[] U { get; }

    public double PenalizedRss { get; }

    /// <summary>r~ = y - X beta - Z Lambda u of the working design when pwrss was summed from it (l_yy^2 noisy), else
    /// null. Read-only for every reader: a solution may be shared (<see cref="LinearMixedModel.SolutionAt"/>).</summary>
    public double[]? Residual { get; }

    public double LogDetLZSquared { get; }

    public double LogDetLXSquared { get; }

    /// <param name="model">The model, its factor current at the theta of interest.</param>
    /// <param name="theta">The theta the factor holds (checked).</param>
    /// <param name="method">Decides sigma's denominator (N or N - P) when no prior supplies sigma.</param>
    /// <param name="fixedBeta">beta to condition on instead of the factor's (a prior's joint mode); the random
    /// effects are then the conditional modes given it: L_Z' u = u~ - L_ZX' beta.</param>
    public static ModelSolution Compute(LinearMixedModel model, ReadOnlySpan<double> theta, EstimationMethod method, double[]? fixedBeta = null)
    {
        var f = model.Factor;
        f.CheckAt(theta);
        var a = f.CrossProduct;
        var trailing = new TrailingReader(f);
        int qd = trailing.LaterCount, p = trailing.FixedCount;

        // beta: L_X' beta = l_yX.
        double[] beta;
        if (fixedBeta is not null)
            beta = (double[])fixedBeta.Clone();
        else
        {
            beta = new double[p];
            for (int t = 0; t < p; t++)
                beta[t] = trailing.ResponseX(t);
            trailing.SolveFixedTransposed(beta);
        }

        // u solves L_Z' u = l_yZ - L_XZ' beta: the right-hand side (first term's levels, then the later terms' rows),
        // then one back-substitution.
        int q0 = a.FirstLevels * a.FirstColumns;
        var u = new double[q0 + qd];
        for (int r = 0; r < qd; r++)
        {
            double s = trailing.ResponseLater(r);
            for (int t = 0; t < p; t++)
                s -= trailing.FixedLater(t, r) * beta[t];
            u[q0 + r] = s;
        }
        var dense = f.Dense;
        for (int col = 0; col < q0; col++)
        {
            double s = dense.Values[p * dense.ColumnCount + col];
            for (int t = 0; t < p; t++)
                s -= dense.Values[t * dense.ColumnCount + col] * beta[t];
            u[col] = s;
        }
        SolveZTransposed(f, u);

        // From the residual where l_yy^2 (formed by subtraction from y'y) is noisy (PenalizedResidual); a prior's beta
        // is not the minimiser, and there pwrss stays the minimum, l_yy^2.
        double pwrss = f.PenalizedRss();
        double[]? residual = null;
        if (fixedBeta is null && model.FactorPwrssIsNoisy(pwrss))
            pwrss = PenalizedResidual.SumOfSquares(model, theta, beta, u, residual = new double[model.WorkingDesign.RowCount]);
        return new ModelSolution(
            model.Criterion(method).Sigma(pwrss), beta, u, pwrss,
            f.LogDetLZSquared(), f.LogDetLXSquared(), residual);
    }

    /// <summary>Solves L_Z' x = c in place (<paramref name="x"/>: q values, the first term's levels then the later terms'
    /// rows, holding c): the later terms by back-substitution with L_D', then the first term level by level,
    /// L_1' x_1 = c_1 - L_D1' x_D. The factor must hold a theta.</summary>
    internal static void SolveZTransposed(BlockedFactor f, double[] x)
    {
        f.CheckHeld();
        var a = f.CrossProduct;
        var trailing = new TrailingReader(f);
        int q0 = a.FirstLevels * a.FirstColumns, qd = trailing.LaterCount, k0 = a.FirstColumns;
        var xD = new double[qd];
        Array.Copy(x, q0, xD, 0, qd);
        trailing.SolveLaterTransposed(xD);
        Array.Copy(xD, 0, x, q0, qd);

        var sparse = f.Sparse;
        for (int level = 0; level < a.FirstLevels; level++)
        {
            if (sparse.RowCount > 0)
            {
                int nnz = sparse.NonZerosIn(level), start = sparse.LevelStart[level];
                for (int c = 0; c < k0; c++)
                {
                    int col = level * k0 + c, o = sparse.ColumnOffset(level, c);
                    double s = x[col];
                    for (int e = 0; e < nnz; e++)
                        s -= sparse.Values[o + e] * xD[sparse.Rows[start + e]];
                    x[col] = s;
                }
            }
            f.First.SolveTransposed(level, x, level * k0);
        }
    }

    /// <summary>b = Lambda u for term j, as levels x k row-major (the layout of u within a term).</summary>
    public double[] RandomEffects(LinearMixedModel model, IReadOnlyList<double> theta, int term) =>
        RandomEffects(model, theta.ToArray(), term, U);

    /// <summary>b = Lambda u for term j from the spherical random effects <paramref name="u"/> (all terms, the layout
    /// of <see cref="U"/>).</summary>
    public static double[] RandomEffects(LinearMixedModel model, ReadOnlySpan<double> theta, int term, double[] u)
    {
        var a = model.Factor.CrossProduct;
        var t = model.Design.RandomTerms[term];
        int k = t.ColumnCount;
        int offset = term == 0 ? 0 : a.FirstLevels * a.FirstColumns + a.TermRowOffset[term];
        var template = new double[k * k];
        model.Layout.FillTemplate(theta, term, template);
        var b = new double[t.Size];
        for (int level = 0; level < t.LevelCount; level++)
            for (int r = 0; r < k; r++)
            {
                double s = 0.0;
                for (int c = 0; c <= r; c++)
                    s += template[c * k + r] * u[offset + level * k + c];
                b[level * k + r] = s;
            }
        return b;
    }
}
