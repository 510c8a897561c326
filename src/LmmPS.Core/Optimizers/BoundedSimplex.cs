namespace LmmPS.Core.Optimizers;

/// <summary>One Nelder-Mead descent from a starting simplex to convergence, all points clamped into the box.</summary>
internal sealed class BoundedSimplex
{
    private readonly CountingObjective objective;
    private readonly double[] lower;
    private readonly double[] upper;
    private readonly OptimizerOptions options;
    private readonly int n;
    private readonly double reflection = 1;
    private readonly double expansion;
    private readonly double contraction;
    private readonly double shrink;

    public BoundedSimplex(CountingObjective objective, double[] lower, double[] upper, OptimizerOptions options)
    {
        this.objective = objective;
        this.lower = lower;
        this.upper = upper;
        this.options = options;
        n = lower.Length;
        // Gao and Han's coefficients keep the simplex from degenerating in more dimensions; for n = 1 they
        // would give a zero shrink factor, and for n = 2 they equal the classic (2, 1/2, 1/2).
        bool adaptive = n >= 2;
        expansion = adaptive ? 1 + 2.0 / n : 2;
        contraction = adaptive ? 0.75 - 0.5 / n : 0.5;
        shrink = adaptive ? 1 - 1.0 / n : 0.5;
    }

    /// <summary>Returns false when the evaluation budget ran out (the objective tracks the best point).</summary>
    public bool Run(double[] start, double size)
    {
        var vertices = new double[n + 1][];
        var values = new double[n + 1];
        if (!Rebuild(vertices, values, start, double.NaN, size)) return false;

        var centroid = new double[n];
        while (true)
        {
            SortByValue(vertices, values);
            if (HasConverged(vertices, values)) return true;
            if (n >= 2 && IsFlat(vertices))
            {
                // A flattened simplex (common once clamping has pressed vertices onto faces of the box) crawls
                // at great cost; a fresh one of the same size around the best vertex restores all directions.
                if (!Rebuild(vertices, values, vertices[0], values[0], Diameter(vertices))) return false;
                continue;
            }

            Array.Clear(centroid, 0, n);
            for (int j = 0; j < n; j++)
            {
                for (int i = 0; i < n; i++) centroid[i] += vertices[j][i] / n;
            }

            double[] worst = vertices[n];
            if (objective.BudgetExhausted) return false;
            var reflected = Along(centroid, worst, -reflection);
            double fr = objective.Evaluate(reflected);

            if (fr < values[0])
            {
                if (objective.BudgetExhausted) return false;
                var expanded = Along(centroid, worst, -reflection * expansion);
                double fe = objective.Evaluate(expanded);
                if (fe < fr) Replace(vertices, values, expanded, fe);
                else Replace(vertices, values, reflected, fr);
                continue;
            }

            if (fr < values[n - 1])
            {
                Replace(vertices, values, reflected, fr);
                continue;
            }

            bool outside = fr < values[n];
            if (objective.BudgetExhausted) return false;
            var contracted = Along(centroid, worst, outside ? -reflection * contraction : contraction);
            double fc = objective.Evaluate(contracted);
            if (outside ? fc <= fr : fc < values[n])
            {
                Replace(vertices, values, contracted, fc);
                continue;
            }

            for (int j = 1; j <= n; j++)
            {
                for (int i = 0; i < n; i++) vertices[j][i] = vertices[0][i] + shrink * (vertices[j][i] - vertices[0][i]);
                if (objective.BudgetExhausted) return false;
                values[j] = objective.Evaluate(vertices[j]);
            }
        }
    }

    /// <summary>Axis-aligned simplex at <paramref name="start"/>, each step away from a bound that leaves too
    /// little room; a known value at the start (not NaN) is reused instead of evaluated again.</summary>
    private bool Rebuild(double[][] vertices, double[] values, double[] start, double startValue, double size)
    {
        var origin = (double[])start.Clone();
        vertices[0] = origin;
        for (int i = 0; i < n; i++)
        {
            var v = (double[])origin.Clone();
            double up = upper[i] - origin[i], down = origin[i] - lower[i];
            v[i] = up >= size ? origin[i] + size : down >= size ? origin[i] - size : up >= down ? upper[i] : lower[i];
            vertices[i + 1] = v;
        }

        for (int j = 0; j <= n; j++)
        {
            if (j == 0 && !double.IsNaN(startValue))
            {
                values[0] = startValue;
                continue;
            }

            if (objective.BudgetExhausted) return false;
            values[j] = objective.Evaluate(vertices[j]);
        }

        return true;
    }

    /// <summary>True when the unit edges from vertex 0 have become (nearly) linearly dependent, so that the
    /// simplex can no longer move in some direction. Coordinates in which every vertex sits on the same bound are
    /// left out: a simplex pressed onto a face of the box is searching that face, which is legitimate; what is
    /// measured is the squared volume det(E E') of the edges E within the remaining coordinates.</summary>
    private bool IsFlat(double[][] vertices)
    {
        var open = new List<int>();
        for (int i = 0; i < n; i++)
        {
            bool allLower = true, allUpper = true;
            for (int j = 0; j <= n; j++)
            {
                allLower &= vertices[j][i] == lower[i];
                allUpper &= vertices[j][i] == upper[i];
            }

            if (!allLower && !allUpper) open.Add(i);
        }

        int k = open.Count;
        if (k == 0) return false;
        var edges = new double[k, n];
        for (int j = 0; j < n; j++)
        {
            double length = 0;
            for (int i = 0; i < n; i++) length += Math.Pow(vertices[j + 1][i] - vertices[0][i], 2);
            length = Math.Sqrt(length);
            if (!(length > 0)) return true;
            for (int r = 0; r < k; r++) edges[r, j] = (vertices[j + 1][open[r]] - vertices[0][open[r]]) / length;
        }

        var gram = new double[k, k];
        for (int a = 0; a < k; a++)
        {
            for (int b = 0; b < k; b++)
            {
                double sum = 0;
                for (int j = 0; j < n; j++) sum += edges[a, j] * edges[b, j];
                gram[a, b] = sum;
            }
        }

        return Determinant(gram) < FlatVolume * FlatVolume;
    }

    private const double FlatVolume = 1e-10;

    private double Diameter(double[][] vertices)
    {
        double size = 0;
        for (int j = 1; j <= n; j++)
        {
            double d2 = 0;
            for (int i = 0; i < n; i++) d2 += Math.Pow(vertices[j][i] - vertices[0][i], 2);
            size = Math.Max(size, Math.Sqrt(d2));
        }

        return size;
    }

    private static double Determinant(double[,] matrix)
    {
        int n = matrix.GetLength(0);
        var a = (double[,])matrix.Clone();
        double det = 1;
        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < n; r++) if (Math.Abs(a[r, col]) > Math.Abs(a[pivot, col])) pivot = r;
            if (a[pivot, col] == 0) return 0;
            if (pivot != col)
            {
                for (int j = 0; j < n; j++) (a[pivot, j], a[col, j]) = (a[col, j], a[pivot, j]);
                det = -det;
            }

            det *= a[col, col];
            for (int r = col + 1; r < n; r++)
            {
                double factor = a[r, col] / a[col, col];
                for (int j = col; j < n; j++) a[r, j] -= factor * a[col, j];
            }
        }

        return det;
    }

    private bool HasConverged(double[][] vertices, double[] values)
    {
        double size = 0;
        for (int j = 1; j <= n; j++)
        {
            for (int i = 0; i < n; i++) size = Math.Max(size, Math.Abs(vertices[j][i] - vertices[0][i]));
        }

        if (size <= options.StepTolerance) return true;
        double spread = values[n] - values[0];
        // A flat simplex has converged in value; only finite values count (inf - inf is NaN).
        return spread >= 0 && spread <= options.RelativeFunctionTolerance * Math.Abs(values[0]) && size <= Math.Sqrt(options.StepTolerance);
    }

    /// <summary>centroid + t (point - centroid), clamped into the box (t &lt; 0 reflects through the centroid).</summary>
    private double[] Along(double[] centroid, double[] point, double t)
    {
        var x = new double[n];
        for (int i = 0; i < n; i++)
        {
            double v = centroid[i] + t * (point[i] - centroid[i]);
            x[i] = v < lower[i] ? lower[i] : v > upper[i] ? upper[i] : v;
        }

        return x;
    }

    private void Replace(double[][] vertices, double[] values, double[] x, double f)
    {
        vertices[n] = x;
        values[n] = f;
    }

    /// <summary>Insertion sort, stable so that ties keep their order and runs are reproducible.</summary>
    private static void SortByValue(double[][] vertices, double[] values)
    {
        for (int j = 1; j < values.Length; j++)
        {
            double f = values[j];
            var v = vertices[j];
            int k = j - 1;
            while (k >= 0 && values[k] > f)
            {
                values[k + 1] = values[k];
                vertices[k + 1] = vertices[k];
                k--;
            }

            values[k + 1] = f;
            vertices[k + 1] = v;
        }
    }
}
