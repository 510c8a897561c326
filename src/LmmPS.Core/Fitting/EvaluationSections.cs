using System.Diagnostics;
using System.Runtime.CompilerServices;

// The bench harness times the sections of one evaluation and the kernels directly (bench/ in this repository).
[assembly: InternalsVisibleTo("LmmPS.Bench")]

namespace LmmPS.Core.Fitting;

/// <summary>Where the time of the objective evaluations goes, accumulated per section when a
/// <see cref="BlockedFactor"/> is given one (the bench's `breakdown` verb does). Off by default: then the
/// factor takes no timestamps at all.</summary>
internal sealed class EvaluationSections
{
    public static readonly string[] Names =
    {
        "set_theta_and_first_block", "scale_first_block_column", "scale_trailing", "sparse_downdate",
        "dense_downdate", "dense_cholesky",
    };

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

    /// <summary>Mean milliseconds per evaluation, by section name.</summary>
    public IReadOnlyDictionary<string, double> MillisecondsPerEvaluation()
    {
        var result = new Dictionary<string, double>();
        for (int i = 0; i < Names.Length; i++)
            result[Names[i]] = _ticks[i] * 1000.0 / Stopwatch.Frequency / Math.Max(1, Evaluations);
        return result;
    }
}
