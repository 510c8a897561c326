namespace LmmPS.Core.Design.Transforms;

/// <summary>What a formula transform learnt from the fit's data, so new rows are transformed the same way (R's
/// <c>predvars</c>): <c>poly()</c>'s recurrence coefficients, <c>scale()</c>'s centre and scale. Plain numbers, so a
/// schema can be written out and read back.</summary>
public sealed class TransformParameters
{
    private TransformParameters(string kind, double[] alpha, double[] norm2, double? center, double? scale)
    {
        Kind = kind;
        Alpha = alpha;
        Norm2 = norm2;
        Center = center;
        Scale = scale;
    }

    /// <summary><c>poly</c> or <c>scale</c>.</summary>
    public string Kind { get; }

    /// <summary>poly: R's <c>alpha</c> (one per degree).</summary>
    public IReadOnlyList<double> Alpha { get; }

    /// <summary>poly: R's <c>norm2</c> = <c>c(1, n, |Z1|^2, ..., |Zk|^2)</c> (degree + 2 values).</summary>
    public IReadOnlyList<double> Norm2 { get; }

    /// <summary>scale: the subtracted centre, or null for <c>center = FALSE</c>.</summary>
    public double? Center { get; }

    /// <summary>scale: the divisor, or null for <c>scale = FALSE</c>.</summary>
    public double? Scale { get; }

    public static TransformParameters Poly(double[] alpha, double[] norm2) =>
        new("poly", alpha ?? throw new ArgumentNullException(nameof(alpha)), norm2 ?? throw new ArgumentNullException(nameof(norm2)), null, null);

    public static TransformParameters ScaleBy(double? center, double? scale) =>
        new("scale", Array.Empty<double>(), Array.Empty<double>(), center, scale);
}
