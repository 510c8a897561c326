using LmmPS.Core.Design;

namespace LmmPS.Core.Scaling;

/// <summary>An exact reparametrisation of a design whose columns are badly scaled or far from zero, so that the
/// cross-product [Z X y]'[Z X y] the factor is built from does not cancel away the digits that carry the model.
///
/// Fixed effects: X' = X T, where (with an intercept column) X'_j = (X_j - mu_j) / s_j for every other column and the
/// intercept stays; without one, X'_j = X_j / s_j. T is upper triangular with det T = prod 1/s_j. X beta = X' beta' with
/// beta = T beta'. The column space is unchanged, so the ML deviance is unchanged; the REML term log|X'V^-1 X| gains
/// 2 log|det T|.
///
/// Response: y' = (y - c) / s_y (c = mean only with an intercept, which absorbs it: beta_int = s_y beta'_int + c).
/// pwrss = s_y^2 pwrss', so the deviance gains N log s_y^2 (ML) or (N - P) log s_y^2 (REML); sigma = s_y sigma'.
///
/// Random effects, per term: Z'_term = Z_term M with M lower triangular with positive diagonal (M = sqrt(n) L^-1 from
/// Z_term = Q L, Q with orthonormal columns: a QL factorisation by modified Gram-Schmidt from the last column back).
/// Z b = Z' M^-1 b, so b' = M^-1 b and Lambda = M Lambda': lower times lower is lower, the template stays a free
/// lower-triangular matrix, and theta maps LINEARLY and exactly (column c of the template: theta_c = M[c:,c:] theta'_c),
/// with the bounds (diagonal >= 0) preserved because M's diagonal is positive. Z Lambda = Z' Lambda', so u, log|L_Z|
/// and the conditional covariance of u are the same in both parametrisations (u = s_y u').
/// (Centring a slope against the intercept would be upper triangular and need a Cholesky re-factorisation of
/// M Lambda' Lambda'^T M^T; the QL form decorrelates the columns just as well and keeps the map linear.)</summary>
internal sealed class DesignScaling
{
    /// <summary>A column of X or y whose root mean square exceeds its spread about the mean by more than this loses
    /// about 2 log10(ratio) digits in the cross-product: scaling applies.</summary>
    internal const double OffsetRatio = 1e3;

    /// <summary>A column of X or y whose spread (SD, or root mean square when constant) lies outside
    /// [1/ScaleRange, ScaleRange] is rescaled (squares under- or overflow long before the optimum is lost).</summary>
    internal const double ScaleRange = 1e4;

    /// <summary>Random-effects columns set the scale of theta (theta ~ SD(b) / sigma per unit of the column): a slope
    /// column far from zero or with a spread outside [1/10, 10] puts the optimum far from the unit start, where the
    /// optimizer was seen to stop short (x = Days / 1000 - 0.1 in sleepstudy: deviance 2593.34 instead of 2580.87).
    /// Such a term is decorrelated and scaled (<see cref="TermTransform"/>).</summary>
    internal const double SlopeRange = 10.0;

    private readonly int _intercept;
    private readonly double[] _xCentre;
    private readonly double[] _xScale;
    private readonly double[][] _zM;
    private readonly int[] _thetaOffsets;

    private DesignScaling(ModelDesign original, int intercept, double[] xCentre, double[] xScale, double yCentre, double yScale, double[][] zM)
    {
        Original = original;
        _intercept = intercept;
        _xCentre = xCentre;
        _xScale = xScale;
        YCentre = yCentre;
        YScale = yScale;
        _zM = zM;
        _thetaOffsets = new int[original.RandomTerms.Count];
        for (int j = 1; j < _thetaOffsets.Length; j++)
            _thetaOffsets[j] = _thetaOffsets[j - 1] + original.RandomTerms[j - 1].ThetaCount;
        Scaled = BuildScaled();
    }

    public ModelDesign Original { get; }

    public ModelDesign Scaled { get; }

    public double YCentre { get; }

    public double YScale { get; }

    /// <summary>log|det T| of the fixed-effects map X' = X T: -sum log s_j.</summary>
    public double LogDetT => -_xScale.Sum(Math.Log);

    /// <summary>True when some column of X, of a random-effects term, or y is badly scaled or far from zero (see
    /// <see cref="OffsetRatio"/>, <see cref="ScaleRange"/>): only then is the reparametrised design worth its copy.</summary>
    public static bool IsNeeded(ModelDesign design)
    {
        int n = design.RowCount;
        if (n == 0) return false;
        if (IsBadColumn(design.Response, 0, 1, n, OffsetRatio, ScaleRange)) return true;
        for (int j = 0; j < design.FixedEffectCount; j++)
            if (IsBadColumn(design.X, j * n, 1, n, OffsetRatio, ScaleRange)) return true;
        foreach (var term in design.RandomTerms)
            for (int c = 0; c < term.ColumnCount; c++)
                if (IsBadColumn(term.Z, c, term.ColumnCount, n, SlopeRange, SlopeRange)) return true;
        return false;
    }

    /// <summary>A column whose square overflows, or that is not constant and whose root mean square exceeds its SD by
    /// more than the ratio: its cross-products cancel about 2 log10(rms / sd) digits.</summary>
    private static bool IsFarFromZero(double rms, double sd, double ratio) =>
        !(rms == 0.0 || double.IsNaN(rms)) && (double.IsInfinity(rms) || !IsConstant(rms, sd) && rms > ratio * sd);

    private static bool IsConstant(double rms, double sd) => sd <= 1e-14 * rms;

    private static bool TermIsFarFromZero(double[] z, int n, int k)
    {
        for (int c = 0; c < k; c++)
        {
            var (_, rms, sd) = Moments(z, c, k, n);
            if (IsFarFromZero(rms, sd, OffsetRatio)) return true;
        }
        return false;
    }

    /// <summary>The intercept's column in X, or -1.</summary>
    public int Intercept => _intercept;

    /// <summary>True when some X column other than the intercept was centred (the intercept then mixes their betas).</summary>
    public bool CentresFixedEffects => Array.Exists(_xCentre, c => c != 0.0);

    /// <summary>True when X column j was centred.</summary>
    public bool IsCentred(int j) => _xCentre[j] != 0.0;

    /// <summary>s_j of X column j (1 for the intercept): beta_j = s_y beta'_j / s_j for j other than the intercept.</summary>
    public double FixedScale(int j) => _xScale[j];

    /// <summary>M[r, c] of term t's map Lambda = M Lambda'.</summary>
    public double TermMap(int term, int r, int c) => _zM[term][r * Original.RandomTerms[term].ColumnCount + c];

    /// <summary>True when row r of term t's M has no entry off its diagonal: then SD_r = s_y M[r, r] SD'_r.</summary>
    public bool TermRowIsDiagonal(int term, int r)
    {
        int k = Original.RandomTerms[term].ColumnCount;
        for (int c = 0; c < k; c++)
            if (c != r && _zM[term][r * k + c] != 0.0) return false;
        return true;
    }

    internal static bool IsBadColumn(double[] values, int start, int stride, int n, double offsetRatio, double scaleRange)
    {
        var (_, rms, sd) = Moments(values, start, stride, n);
        if (rms == 0.0 || double.IsNaN(rms)) return false;
        if (IsFarFromZero(rms, sd, offsetRatio)) return true;
        double spread = IsConstant(rms, sd) ? rms : sd;
        return spread > scaleRange || spread < 1.0 / scaleRange;
    }

    /// <summary>Mean, root mean square and SD about the mean of a strided column; the SD from the centred values (two
    /// passes), not by subtraction of squares. Values are pre-scaled by the largest magnitude so squares cannot overflow.</summary>
    internal static (double Mean, double Rms, double Sd) Moments(double[] values, int start, int stride, int n)
    {
        double big = 0.0;
        for (int i = 0; i < n; i++) big = Math.Max(big, Math.Abs(values[start + i * stride]));
        if (big == 0.0 || double.IsInfinity(big) || double.IsNaN(big)) return (0.0, big, 0.0);
        double mean = 0.0;
        for (int i = 0; i < n; i++) mean += values[start + i * stride] / big;
        mean /= n;
        double ss = 0.0, cs = 0.0;
        for (int i = 0; i < n; i++)
        {
            double v = values[start + i * stride] / big;
            ss += v * v;
            double d = v - mean;
            cs += d * d;
        }
        return (mean * big, big * Math.Sqrt(ss / n), big * Math.Sqrt(cs / n));
    }

    public static DesignScaling For(ModelDesign design) => Build(design, coordinates: false);

    /// <summary>A reparametrisation that keeps as many of the profile's parameters as possible single coordinates, so a
    /// profile on the scaled design maps back exactly (<see cref="Profiling"/> of a badly scaled fit): an X column is
    /// centred only when it is far from zero (then the intercept is no longer a coordinate: beta_int mixes every centred
    /// slope), otherwise only scaled (beta_j = s_y beta'_j / s_j); y is centred and scaled (beta_int = s_y beta'_int + c
    /// and sigma = s_y sigma' either way); a random-effects term whose columns are far from zero gets the decorrelating
    /// M of <see cref="TermTransform.For"/> (then only the SDs and correlations of rows that M leaves diagonal are
    /// coordinates), a term only badly scaled gets the diagonal M of <see cref="TermTransform.ScaleOnly"/> (every SD is
    /// s_y m_cc SD', every correlation unchanged).</summary>
    public static DesignScaling ForCoordinates(ModelDesign design) => Build(design, coordinates: true);

    private static DesignScaling Build(ModelDesign design, bool coordinates)
    {
        int n = design.RowCount, p = design.FixedEffectCount;
        int intercept = -1;
        for (int j = 0; j < p; j++)
            if (design.FixedEffectNames[j] == "(Intercept)" && Array.TrueForAll(Column(design.X, j, n), v => v == 1.0))
                intercept = j;
        var centre = new double[p];
        var scale = new double[p];
        for (int j = 0; j < p; j++)
        {
            if (j == intercept)
            {
                scale[j] = 1.0;
                continue;
            }
            var (mean, rms, sd) = Moments(design.X, j * n, 1, n);
            bool centred = intercept >= 0 && (!coordinates || IsFarFromZero(rms, sd, OffsetRatio));
            centre[j] = centred ? mean : 0.0;
            double s = centred ? sd : rms;
            scale[j] = s > 0 && !double.IsInfinity(s) ? s : 1.0;
        }
        var (yMean, yRms, ySd) = Moments(design.Response, 0, 1, n);
        double yCentre = intercept >= 0 ? yMean : 0.0;
        double yScale = intercept >= 0 ? ySd : yRms;
        if (!(yScale > 0) || double.IsInfinity(yScale)) yScale = 1.0;
        var zM = design.RandomTerms.Select(t => !coordinates || TermIsFarFromZero(t.Z, n, t.ColumnCount)
            ? TermTransform.For(t.Z, n, t.ColumnCount)
            : TermTransform.ScaleOnly(t.Z, n, t.ColumnCount)).ToArray();
        return new DesignScaling(design, intercept, centre, scale, yCentre, yScale, zM);
    }

    private static double[] Column(double[] x, int j, int n)
    {
        var c = new double[n];
        Array.Copy(x, j * n, c, 0, n);
        return c;
    }

    private ModelDesign BuildScaled()
    {
        var d = Original;
        int n = d.RowCount, p = d.FixedEffectCount;
        var y = new double[n];
        for (int i = 0; i < n; i++) y[i] = (d.Response[i] - YCentre) / YScale;
        var x = new double[n * p];
        for (int j = 0; j < p; j++)
            for (int i = 0; i < n; i++)
                x[j * n + i] = j == _intercept ? d.X[j * n + i] : (d.X[j * n + i] - _xCentre[j]) / _xScale[j];
        var terms = new List<RandomEffectsTerm>();
        for (int t = 0; t < d.RandomTerms.Count; t++)
        {
            var term = d.RandomTerms[t];
            terms.Add(new RandomEffectsTerm(term.Group, term.Levels, term.LevelIndex, term.ColumnCount,
                TermTransform.Apply(term.Z, n, term.ColumnCount, _zM[t]), term.ColumnNames));
        }
        // Prior weights carry over: centring and scaling the columns is the same exact reparametrisation row by row.
        return new ModelDesign(d.Formula, y, x, d.FixedEffectNames, d.DroppedFixedEffects, terms, d.RowsUsed, d.RowsDropped)
            { Warnings = d.Warnings, Weights = d.Weights, WeightsColumn = d.WeightsColumn };
    }

    /// <summary>beta = s_y T beta' + c e_intercept.</summary>
    public double[] BetaToOriginal(IReadOnlyList<double> scaled)
    {
        int p = scaled.Count;
        var beta = new double[p];
        for (int j = 0; j < p; j++)
            beta[j] = YScale * (j == _intercept ? scaled[j] : scaled[j] / _xScale[j]);
        if (_intercept >= 0)
        {
            for (int j = 0; j < p; j++)
                if (j != _intercept)
                    beta[_intercept] -= YScale * _xCentre[j] * scaled[j] / _xScale[j];
            beta[_intercept] += YCentre;
        }
        return beta;
    }

    /// <summary>The inverse of <see cref="BetaToOriginal"/>: beta'_j = s_j beta_j / s_y, and
    /// beta'_int = (beta_int + sum_j c_j beta_j - c) / s_y.</summary>
    public double[] BetaToScaled(IReadOnlyList<double> original)
    {
        int p = original.Count;
        var scaled = new double[p];
        for (int j = 0; j < p; j++)
            scaled[j] = j == _intercept ? 0.0 : original[j] * _xScale[j] / YScale;
        if (_intercept >= 0)
        {
            double s = original[_intercept] - YCentre;
            for (int j = 0; j < p; j++)
                if (j != _intercept)
                    s += _xCentre[j] * original[j];
            scaled[_intercept] = s / YScale;
        }
        return scaled;
    }

    /// <summary>T of X' = X T (p x p): 1/s_j on the diagonal (1 at the intercept) and, with an intercept, -mu_j / s_j in
    /// its row, so beta = s_y T beta' + c e_intercept. A contrast l on beta is T'l on beta' (l'beta = s_y (T'l)'beta' +
    /// c l_intercept): the tests of fixed effects map the user's hypotheses through it.</summary>
    public double[,] FixedEffectMap()
    {
        int p = _xScale.Length;
        var t = new double[p, p];
        for (int j = 0; j < p; j++)
        {
            t[j, j] = j == _intercept ? 1.0 : 1.0 / _xScale[j];
            if (_intercept >= 0 && j != _intercept) t[_intercept, j] = -_xCentre[j] / _xScale[j];
        }
        return t;
    }

    /// <summary>Cov(beta) = s_y^2 T Cov(beta') T'.</summary>
    public double[,] CovarianceToOriginal(double[,] scaled)
    {
        int p = scaled.GetLength(0);
        var t = FixedEffectMap();
        var result = new double[p, p];
        for (int r = 0; r < p; r++)
            for (int c = 0; c < p; c++)
            {
                double s = 0.0;
                for (int a = 0; a < p; a++)
                {
                    if (t[r, a] == 0.0) continue;
                    for (int b = 0; b < p; b++)
                        s += t[r, a] * scaled[a, b] * t[c, b];
                }
                result[r, c] = YScale * YScale * s;
            }
        return result;
    }

    /// <summary>Lambda = M Lambda', term by term (column c of a template: theta_c = M[c:,c:] theta'_c).</summary>
    public double[] ThetaToOriginal(IReadOnlyList<double> scaled) => MapTheta(scaled, TermTransform.MultiplyColumn);

    /// <summary>Lambda' = M^-1 Lambda: a start theta given in the user's parametrisation.</summary>
    public double[] ThetaToScaled(IReadOnlyList<double> original) => MapTheta(original, TermTransform.SolveColumn);

    /// <summary>The gradient in the original theta from the scaled one: the scaled objective is the original plus a
    /// constant, so g' = A' g with theta = A theta', and g = A'^-1 g' (column block c: M[c:,c:]' g_c = g'_c).</summary>
    public double[] GradientToOriginal(IReadOnlyList<double> scaled) => MapTheta(scaled, TermTransform.SolveTransposedColumn);

    private double[] MapTheta(IReadOnlyList<double> source, Action<double[], int, int, double[], double[]> map)
    {
        var result = new double[source.Count];
        for (int t = 0; t < _zM.Length; t++)
        {
            int k = Original.RandomTerms[t].ColumnCount, offset = _thetaOffsets[t];
            for (int c = 0; c < k; c++)
            {
                int len = k - c;
                var input = new double[len];
                for (int r = 0; r < len; r++) input[r] = source[offset + r];
                var output = new double[len];
                map(_zM[t], k, c, input, output);
                for (int r = 0; r < len; r++) result[offset + r] = output[r];
                offset += len;
            }
        }
        return result;
    }
}
