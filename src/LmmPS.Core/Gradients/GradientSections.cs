using System.Diagnostics;

namespace LmmPS.Core.Gradients;

/// <summary>Where the time of the diagonal-block gradient goes, accumulated per section when a
/// <see cref="DiagonalBlockGradient"/> is given one (the bench's `gradient` verb does). Off by default: then the
/// gradient takes no timestamps.</summary>
internal sealed class GradientSections
{
    public static readonly string[] Names = { "triangular_inverse", "first_term_rows", "first_term_finish", "later_terms" };

    private readonly long[] _ticks = new long[Names.Length];
    private long _last;

    public int Evaluations { get; private set; }

    public void Start()
    {
        Evaluations++;
        _last = Stopwatch.GetTimestamp();
    }

    /// <summary>Charges the time since the previous mark to section <paramref name="index"/>.</summary>
    public void Mark(int index)
    {
        long now = Stopwatch.GetTimestamp();
        _ticks[index] += now - _last;
        _last = now;
    }

    /// <summary>Mean milliseconds per gradient, by section name.</summary>
    public IReadOnlyDictionary<string, double> MillisecondsPerEvaluation()
    {
        var result = new Dictionary<string, double>();
        for (int i = 0; i < Names.Length; i++)
            result[Names[i]] = _ticks[i] * 1000.0 / Stopwatch.Frequency / Math.Max(1, Evaluations);
        return result;
    }
}
