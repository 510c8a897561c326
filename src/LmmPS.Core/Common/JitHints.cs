using System.Runtime.CompilerServices;

namespace LmmPS.Core.Common;

/// <summary>How the JIT should treat the numeric kernels. A fit calls each per-evaluation kernel only a few hundred
/// times, so under tiered compilation a whole first fit can run in unoptimised tier-0 code while promotion waits for
/// call counts and a quiet moment (measured: InstEval ML's first fit in a process took 1.75-1.78 s, with tiering off
/// 1.31-1.36 s; later fits 1.1-1.4 s). PowerShell hosts the module with default tiering, so the kernels ask for
/// full optimisation at their first call.</summary>
internal static class JitHints
{
#if NET8_0_OR_GREATER
    /// <summary>Compile optimised at once (MethodImplOptions.AggressiveOptimization).</summary>
    public const MethodImplOptions Hot = MethodImplOptions.AggressiveOptimization;
#else
    /// <summary>netstandard2.0 has no AggressiveOptimization (and .NET Framework does not tier): no flag.</summary>
    public const MethodImplOptions Hot = 0;
#endif
}
