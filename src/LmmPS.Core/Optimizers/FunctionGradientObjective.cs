namespace LmmPS.Core.Optimizers;

/// <summary>An objective-and-gradient function seen as an <see cref="IGradientObjective"/>: every value call
/// computes the gradient too (the function gives both at once) and keeps it, so that the optimizer's later
/// gradient request costs nothing. As the eager interface always did, a point whose value or gradient is not
/// finite comes back as +inf.</summary>
internal sealed class FunctionGradientObjective : IGradientObjective
{
    private readonly Func<double[], double[], double> objectiveAndGradient;

    /// <summary>The point of the most recent value call, and the lowest usable point so far: the optimizer asks
    /// for gradients there (the latter when its best point was a rejected trial or an unkept probe).</summary>
    private KnownPoint? last;
    private KnownPoint? lowest;

    public FunctionGradientObjective(Func<double[], double[], double> objectiveAndGradient)
    {
        this.objectiveAndGradient = objectiveAndGradient;
    }

    public double Value(double[] x)
    {
        var gradient = NaNFilled(x.Length);
        double value = objectiveAndGradient(x, gradient);
        bool usable = CountingObjective.IsUsable(value) && AllUsable(gradient);
        var point = new KnownPoint((double[])x.Clone(), gradient);
        last = point;
        if (usable && (lowest is null || value < lowest.Value)) lowest = point with { Value = value };
        return usable ? value : double.PositiveInfinity;
    }

    public void Gradient(double[] x, double[] gradient)
    {
        var known = last is not null && SamePoint(last.X, x) ? last
            : lowest is not null && SamePoint(lowest.X, x) ? lowest
            : null;
        if (known is not null)
        {
            Array.Copy(known.Gradient, gradient, gradient.Length);
            return;
        }

        // A point seen earlier than both: call the function again (this is not an evaluation of the optimizer's).
        objectiveAndGradient((double[])x.Clone(), gradient);
    }

    internal static double[] NaNFilled(int length)
    {
        var a = new double[length];
        for (int i = 0; i < length; i++) a[i] = double.NaN;
        return a;
    }

    internal static bool AllUsable(double[] values)
    {
        foreach (double v in values)
            if (!CountingObjective.IsUsable(v)) return false;
        return true;
    }

    internal static bool SamePoint(double[] a, double[] b)
    {
        if (a.Length != b.Length) return false;
        for (int i = 0; i < a.Length; i++)
            if (!a[i].Equals(b[i])) return false;
        return true;
    }

    private sealed record KnownPoint(double[] X, double[] Gradient)
    {
        public double Value { get; init; } = double.PositiveInfinity;
    }
}
