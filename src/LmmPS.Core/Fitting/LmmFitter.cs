using LmmPS.Core.Design;

namespace LmmPS.Core.Fitting;

/// <summary>Fits a linear mixed model: minimises the profiled objective over theta, then computes every estimate
/// at the optimum.</summary>
public static class LmmFitter
{
    public static FitResult Fit(ModelDesign design, FitOptions? options = null, IProgress<FitProgress>? progress = null, CancellationToken cancellationToken = default)
        => throw new NotImplementedException();
}
