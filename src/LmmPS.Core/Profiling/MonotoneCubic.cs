namespace LmmPS.Core.Profiling;

/// <summary>A monotone piecewise-cubic Hermite interpolant of non-decreasing data (Fritsch and Carlson, 1980): the
/// slopes at the knots start as the average of the neighbouring secants and are cut back where they would make a
/// piece overshoot, so the interpolant never decreases and can be inverted piece by piece.</summary>
internal sealed class MonotoneCubic
{
    private readonly double[] _x;
    private readonly double[] _y;
    private readonly double[] _slope;

    /// <param name="x">Strictly increasing knots.</param>
    /// <param name="y">Non-decreasing values.</param>
    public MonotoneCubic(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        int n = x.Count;
        if (n < 2 || y.Count != n) throw new ArgumentException("At least two knots with one value each are needed.");
        _x = x.ToArray();
        _y = y.ToArray();
        for (int i = 1; i < n; i++)
        {
            if (!(_x[i] > _x[i - 1])) throw new ArgumentException("Knots must be strictly increasing.", nameof(x));
            if (_y[i] < _y[i - 1]) throw new ArgumentException("Values must be non-decreasing.", nameof(y));
        }
        var secant = new double[n - 1];
        for (int i = 0; i < n - 1; i++)
            secant[i] = (_y[i + 1] - _y[i]) / (_x[i + 1] - _x[i]);
        _slope = new double[n];
        _slope[0] = secant[0];
        _slope[n - 1] = secant[n - 2];
        for (int i = 1; i < n - 1; i++)
            _slope[i] = secant[i - 1] * secant[i] <= 0 ? 0.0 : 0.5 * (secant[i - 1] + secant[i]);
        for (int i = 0; i < n - 1; i++)
        {
            if (secant[i] == 0.0)
            {
                _slope[i] = 0.0;
                _slope[i + 1] = 0.0;
                continue;
            }
            // Monotone on the piece when (a, b) lies in the circle of radius 3 (Fritsch-Carlson's simple sufficient region).
            double a = _slope[i] / secant[i], b = _slope[i + 1] / secant[i];
            double r = a * a + b * b;
            if (r > 9.0)
            {
                double tau = 3.0 / Math.Sqrt(r);
                _slope[i] = tau * a * secant[i];
                _slope[i + 1] = tau * b * secant[i];
            }
        }
    }

    public double Value(double x)
    {
        int i = Piece(x);
        return Hermite(i, x);
    }

    /// <summary>The smallest x with Value(x) = y within the knots' range, or NaN when y is outside the values' range.</summary>
    public double Inverse(double y)
    {
        int n = _x.Length;
        if (y < _y[0] || y > _y[n - 1] || double.IsNaN(y)) return double.NaN;
        int i = 0;
        while (i < n - 2 && _y[i + 1] < y) i++;
        double lo = _x[i], hi = _x[i + 1];
        if (_y[i] == y) return lo;
        // The piece is monotone, so bisection converges to the crossing; 100 halvings reach machine precision.
        for (int iter = 0; iter < 100 && hi - lo > 0; iter++)
        {
            double mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi) break;
            if (Hermite(i, mid) < y) lo = mid; else hi = mid;
        }
        return 0.5 * (lo + hi);
    }

    private int Piece(double x)
    {
        int i = 0;
        while (i < _x.Length - 2 && x > _x[i + 1]) i++;
        return i;
    }

    private double Hermite(int i, double x)
    {
        double h = _x[i + 1] - _x[i];
        double t = (x - _x[i]) / h;
        double t2 = t * t, t3 = t2 * t;
        return (2 * t3 - 3 * t2 + 1) * _y[i] + (t3 - 2 * t2 + t) * h * _slope[i]
             + (-2 * t3 + 3 * t2) * _y[i + 1] + (t3 - t2) * h * _slope[i + 1];
    }
}
