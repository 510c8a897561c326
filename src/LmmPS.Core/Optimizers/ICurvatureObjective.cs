namespace LmmPS.Core.Optimizers;

/// <summary>An <see cref="IGradientObjective"/> that can also approximate its Hessian cheaply at a point it has just
/// evaluated. <see cref="LBfgsBOptimizer"/> then builds each iteration's quadratic model on that matrix instead of
/// on curvature gathered from past steps: where the objective is far from quadratic (the LMM deviance is concave in
/// places along the way to its minimum) a quasi-Newton approximation needs many steps to learn what this gives at
/// once.</summary>
internal interface ICurvatureObjective
{
    /// <summary>Writes a symmetric positive semi-definite approximation of the Hessian at <paramref name="x"/>
    /// (gradient <paramref name="gradient"/>) to <paramref name="curvature"/>; false when there is none here, e.g.
    /// when x is not the point just evaluated, and the optimizer falls back on its own approximation.</summary>
    bool TryCurvature(double[] x, double[] gradient, double[,] curvature);
}
