namespace LmmPS.Core.Common;

/// <summary>Refuses an allocation that cannot fit before attempting it, so a too-large model fails with a clear
/// message instead of an OutOfMemoryException half-way (or, as lme4 does, a crash).</summary>
internal static class MemoryGuard
{
    /// <summary>Largest number of elements of one .NET array of doubles (0x7FFFFFC7): the design's and the model's
    /// size checks both test against it.</summary>
    internal const long MaxArrayLength = 0x7FFFFFC7;

    public static void EnsureAvailable(long bytes, string what) => EnsureAvailable(bytes, what, AvailableBytes());

    /// <summary>Throws ModelTooLarge when <paramref name="bytes"/> exceed <paramref name="available"/>; the advice
    /// defaults to the one for a large dense block (levels of the later grouping factors).</summary>
    public static void EnsureAvailable(long bytes, string what, long available, string? advice = null)
    {
        if (bytes > available)
            throw new LmmException("ModelTooLarge", LmmErrorCategory.ResourceUnavailable,
                $"Fitting this model needs about {Format(bytes)} for {what}, but only {Format(available)} is available. " +
                (advice ?? "Reduce the number of levels of the grouping factors after the first, or fit on a machine with more memory."));
    }

    internal static long AvailableBytes()
    {
#if NET8_0_OR_GREATER
        var info = GC.GetGCMemoryInfo();
        long total = info.TotalAvailableMemoryBytes;
        long used = GC.GetTotalMemory(false);
        return Math.Max(0, total - used);
#else
        // Windows PowerShell 5.1 gives no portable figure; .NET Framework's single-array limit is 2 GB.
        return int.MaxValue;
#endif
    }

    internal static string Format(long bytes) =>
        bytes >= 1L << 30 ? $"{bytes / (double)(1L << 30):0.0} GiB" : $"{bytes / (double)(1L << 20):0.0} MiB";
}
