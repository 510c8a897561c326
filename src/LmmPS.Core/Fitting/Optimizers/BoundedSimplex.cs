namespace LmmPS.Core.Fitting.Optimizers;

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
        vertices[0] = (double[])start.Clone();
        for (int i = 0; i < n; i++)
        {
            var v = (double[])start.Clone();
            double up = upper[i] - start[i], down = start[i] - lower[i];
            v[i] = up >= size ? start[i] + size : down >= size ? start[i] - size : up >= down ? upper[i] : lower[i];
            vertices[i + 1] = v;
        }

        for (int j = 0; j <= n; j++)
        {
            if (objective.BudgetExhausted) return false;
            values[j] = objective.Evaluate(vertices[j]);
        }

        var centroid = new double[n];
        while (true)
        {
            SortByValue(vertices, values);
            if (HasConverged(vertices, values)) return true;

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
