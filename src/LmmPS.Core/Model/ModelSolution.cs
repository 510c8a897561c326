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

        // Later terms: L_D' u_D = l_yD - L_XD' beta.
        int q0 = a.FirstLevels * a.FirstColumns;
        var u = new double[q0 + qd];
        var uD = new double[qd];
        for (int r = 0; r < qd; r++)
        {
            double s = trailing.ResponseLater(r);
            for (int t = 0; t < p; t++)
                s -= trailing.FixedLater(t, r) * beta[t];
            uD[r] = s;
        }
        trailing.SolveLaterTransposed(uD);
        Array.Copy(uD, 0, u, q0, qd);

        // First term: L_1' u_1 = l_y1 - L_X1' beta - L_D1' u_D, block by block.
        var dense = f.Dense;
        var sparse = f.Sparse;
        int k0 = a.FirstColumns;
        for (int level = 0; level < a.FirstLevels; level++)
        {
            for (int c = 0; c < k0; c++)
            {
                int col = level * k0 + c;
                double s = dense.Values[p * dense.ColumnCount + col];
                for (int t = 0; t < p; t++)
                    s -= dense.Values[t * dense.ColumnCount + col] * beta[t];
                if (sparse.RowCount > 0)
                {
                    int nnz = sparse.NonZerosIn(level), o = sparse.ColumnOffset(level, c), start = sparse.LevelStart[level];
                    for (int e = 0; e < nnz; e++)
                        s -= sparse.Values[o + e] * uD[sparse.Rows[start + e]];
                }
                u[col] = s;
            }
            f.First.SolveTransposed(level, u, level * k0);
        }

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
