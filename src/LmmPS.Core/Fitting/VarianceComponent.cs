namespace LmmPS.Core.Fitting;

/// <summary>The estimated covariance of one random-effects term (in the response's units), or of the residual
/// (<see cref="Group"/> = <c>Residual</c>, one name <c>(Residual)</c>).</summary>
/// <param name="Group">Grouping factor label, <c>Residual</c> for the residual.</param>
/// <param name="Names">The term's column names.</param>
/// <param name="Covariance">k x k covariance matrix sigma^2 * Lambda Lambda'.</param>
/// <param name="StdDev">Square roots of the diagonal.</param>
/// <param name="Correlation">k x k correlation matrix (NaN where a standard deviation is 0).</param>
public sealed record VarianceComponent(string Group, IReadOnlyList<string> Names, double[,] Covariance, IReadOnlyList<double> StdDev, double[,] Correlation);
