using System.Diagnostics;
using System.Runtime.CompilerServices;

// The bench harness times the sections of one evaluation and the kernels directly (bench/ in this repository).
[assembly: InternalsVisibleTo("LmmPS.Bench")]

namespace LmmPS.Core.Common;

/// <summary>Where the time of a repeated computation goes, accumulated per named section when the computation is
/// given one (the bench's `breakdown` verb gives one to <c>BlockedFactor</c>, its `gradient` verb to
/// <c>InverseLevelBlocks</c>). Off by default: then nothing takes timestamps at all.</summary>
internal sealed class SectionTimer
{
    private readonly long[] _ticks;
    private long _last;

    /// <param name="names">The sections in the order their indices are marked.</param>
    public SectionTimer(IReadOnlyList<string> names)
    {
        Names = names;
        _ticks = new long[names.Count];
    }

    public IReadOnlyList<string> Names { get; }

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
        for (int i = 0; i < Names.Count; i++)
            result[Names[i]] = _ticks[i] * 1000.0 / Stopwatch.Frequency / Math.Max(1, Evaluations);
        return result;
    }
}
