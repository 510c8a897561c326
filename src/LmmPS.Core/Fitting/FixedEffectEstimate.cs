namespace LmmPS.Core.Fitting;

/// <summary>One fixed-effect coefficient with its standard error and t value (Estimate / StdError).</summary>
public sealed record FixedEffectEstimate(string Name, double Estimate, double StdError, double TValue);
