namespace LmmPS.Core.Profiling;

/// <summary>Progress of a profile, reported after each profile point (from whichever worker computed it).</summary>
/// <param name="Parameter">The parameter being profiled.</param>
/// <param name="Value">The value it was held at.</param>
/// <param name="Zeta">The signed root deviance there.</param>
/// <param name="PointsDone">Profile points computed so far over all parameters.</param>
/// <param name="TracesDone">Finished traces (one per parameter and direction).</param>
/// <param name="TraceCount">Traces in the whole job.</param>
public sealed record ProfileProgress(string Parameter, double Value, double Zeta, int PointsDone, int TracesDone, int TraceCount);
