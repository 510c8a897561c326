namespace LmmPS.Core.Optimizers;

/// <summary>A function an <see cref="IGradientOptimizer"/> can ask for its value alone and for its gradient
/// afterwards. Split so that a point a line search rejects on its value never pays for a gradient: for the LMM
/// objective the gradient costs about twice the value.</summary>
public interface IGradientObjective
{
    /// <summary>f(x); a non-finite value marks x as unusable. The optimizer does not keep or alter
    /// <paramref name="x"/> after the call returns.</summary>
    double Value(double[] x);

    /// <summary>Writes the gradient at <paramref name="x"/> to <paramref name="gradient"/> (an array of the same
    /// length, NaN-filled on entry so that an entry left unfilled marks the point unusable). Usually asked at the
    /// point most recently passed to <see cref="Value"/>, where an implementation can reuse that evaluation's work;
    /// at any other point it must still be right (evaluate there first).</summary>
    void Gradient(double[] x, double[] gradient);
}
