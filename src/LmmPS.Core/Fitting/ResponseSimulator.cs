using LmmPS.Core.Common;
using LmmPS.Core.Design;
using LmmPS.Core.Model;

namespace LmmPS.Core.Fitting;

/// <summary>Draws responses from a fitted model, as lme4's simulate() does for a Gaussian LMM:
/// y* = X beta + sigma (Z Lambda(theta) u + e), u ~ N(0, I_q), e ~ N(0, W^-1) (W = I without prior weights), so
/// b = sigma Lambda u has covariance sigma^2 Lambda Lambda' (theta is relative to sigma). The draws come from the caller's seeded
/// <see cref="Random"/> in a fixed order: u term by term, level by level, k values per level (template column order),
/// then e row by row; standard normals by the Box-Muller transform, two per pair of uniforms. Pass each sample to
/// <see cref="LinearMixedModel.WithResponse"/> and refit from the fit's theta (the parametric bootstrap). With an
/// offset the draw is of y - offset, the design's own (working) response, which is what the refit takes: the offset
/// cancels (lme4's simulate() adds it and its refit subtracts it again).</summary>
public sealed class ResponseSimulator
{
    private readonly ModelDesign _design;
    private readonly double[] _beta;
    private readonly double _sigma;
    private readonly double[][] _templates;
    private readonly double[][] _effects;
    private readonly double[] _u;

    /// <summary>A simulator at theta, beta and sigma of <paramref name="design"/>, drawing into its own buffers (one per
    /// thread). Throws <see cref="LmmException"/> for a theta or beta of the wrong length or a sigma that is negative
    /// or not finite.</summary>
    public ResponseSimulator(ModelDesign design, IReadOnlyList<double> theta, IReadOnlyList<double> beta, double sigma)
    {
        if (design is null) throw new ArgumentNullException(nameof(design));
        if (theta is null) throw new ArgumentNullException(nameof(theta));
        if (beta is null) throw new ArgumentNullException(nameof(beta));
        var layout = new ThetaLayout(design.RandomTerms);
        var t = theta.ToArray();
        layout.Validate(t, design.ThetaNames);
        int p = design.FixedEffectCount;
        if (beta.Count != p)
            throw new LmmException("BetaWrongLength", LmmErrorCategory.InvalidArgument,
                $"Beta has {beta.Count} element(s); the model has {p} fixed effects: {string.Join(", ", design.FixedEffectNames)}.");
        if (!(sigma >= 0.0) || double.IsInfinity(sigma))
            throw new LmmException("SigmaOutOfRange", LmmErrorCategory.InvalidArgument,
                $"Sigma is {sigma}; it must be finite and >= 0.");
        _design = design;
        _beta = beta.ToArray();
        _sigma = sigma;
        var terms = design.RandomTerms;
        _templates = new double[terms.Count][];
        _effects = new double[terms.Count][];
        int widest = 0;
        for (int j = 0; j < terms.Count; j++)
        {
            int k = terms[j].ColumnCount;
            _templates[j] = new double[k * k];
            layout.FillTemplate(t, j, _templates[j]);
            _effects[j] = new double[terms[j].Size];
            widest = Math.Max(widest, k);
        }
        _u = new double[widest];
    }

    /// <summary>A simulator at the estimates of <paramref name="fit"/>.</summary>
    public ResponseSimulator(FitResult fit)
        : this((fit ?? throw new ArgumentNullException(nameof(fit))).Design, fit.Theta, fit.FixedEffects.Select(f => f.Estimate).ToArray(), fit.Sigma)
    {
    }

    /// <summary>One response at the estimates of <paramref name="fit"/>.</summary>
    public static double[] Simulate(FitResult fit, Random random) => new ResponseSimulator(fit).Simulate(random);

    /// <summary>One response of <paramref name="design"/> at theta, beta and sigma. Throws <see cref="LmmException"/>
    /// for a theta or beta of the wrong length or a sigma that is negative or not finite.</summary>
    public static double[] Simulate(ModelDesign design, IReadOnlyList<double> theta, IReadOnlyList<double> beta, double sigma, Random random) =>
        new ResponseSimulator(design, theta, beta, sigma).Simulate(random);

    /// <summary>One response drawn from <paramref name="random"/>, a new array.</summary>
    public double[] Simulate(Random random)
    {
        if (random is null) throw new ArgumentNullException(nameof(random));
        var design = _design;
        int n = design.RowCount, p = design.FixedEffectCount;
        var normal = new StandardNormal(random);
        var y = new double[n];
        for (int j = 0; j < design.RandomTerms.Count; j++)
            AddTerm(design.RandomTerms[j], _templates[j], _effects[j], _u, normal, y);
        double sigma = _sigma;
        var w = design.Weights;
        if (w is null)
            for (int i = 0; i < n; i++)
                y[i] = sigma * (y[i] + normal.Next());
        else
            // Prior weights: Var(e_i) = sigma^2 / w_i (lme4's simulate draws rnorm(n, 0, sigma / sqrt(w))).
            for (int i = 0; i < n; i++)
                y[i] = sigma * (y[i] + normal.Next() / Math.Sqrt(w[i]));
        for (int c = 0; c < p; c++)
        {
            double b = _beta[c];
            for (int i = 0; i < n; i++)
                y[i] += design.X[c * n + i] * b;
        }
        return y;
    }

    /// <summary>y += Z_j Lambda_j u_j: per level b = T u (T the k x k lower template, column-major), then per row
    /// z_i' b of the row's level.</summary>
    private static void AddTerm(RandomEffectsTerm term, double[] template, double[] b, double[] u, StandardNormal normal, double[] y)
    {
        int k = term.ColumnCount;
        for (int l = 0; l < term.LevelCount; l++)
        {
            for (int c = 0; c < k; c++) u[c] = normal.Next();
            for (int r = 0; r < k; r++)
            {
                double s = 0.0;
                for (int c = 0; c <= r; c++) s += template[c * k + r] * u[c];
                b[l * k + r] = s;
            }
        }
        for (int i = 0; i < y.Length; i++)
        {
            int o = term.LevelIndex[i] * k;
            double s = 0.0;
            for (int r = 0; r < k; r++) s += term.Z[i * k + r] * b[o + r];
            y[i] += s;
        }
    }

    /// <summary>Standard normal deviates by Box-Muller: sqrt(-2 log u1) (cos, sin)(2 pi u2), u1 in (0, 1].</summary>
    private sealed class StandardNormal(Random random)
    {
        private double _spare;
        private bool _hasSpare;

        public double Next()
        {
            if (_hasSpare)
            {
                _hasSpare = false;
                return _spare;
            }
            double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
            double radius = Math.Sqrt(-2.0 * Math.Log(u1)), angle = 2.0 * Math.PI * u2;
            _spare = radius * Math.Sin(angle);
            _hasSpare = true;
            return radius * Math.Cos(angle);
        }
    }
}
