namespace LmmPS.Core.Optimizers;

/// <summary>Checks the arguments every <see cref="IBoundedOptimizer"/> receives. These are programming errors of the
/// caller (the fitting code builds start and bounds), hence <see cref="ArgumentException"/>, not LmmException.</summary>
internal static class OptimizerArguments
{
    public static void Validate(
        Func<double[], double> objective, double[] start, double[] lower, double[] upper, OptimizerOptions options)
    {
        if (objective is null) throw new ArgumentNullException(nameof(objective));
        ValidateProblem(start, lower, upper, options);
    }

    /// <summary>The checks for an <see cref="IGradientOptimizer"/>, which also needs a usable gradient tolerance.</summary>
    public static void Validate(
        Func<double[], double[], double> objectiveAndGradient, double[] start, double[] lower, double[] upper, OptimizerOptions options)
    {
        if (objectiveAndGradient is null) throw new ArgumentNullException(nameof(objectiveAndGradient));
        ValidateGradientProblem(start, lower, upper, options);
    }

    /// <summary>The same checks for an <see cref="IGradientObjective"/>.</summary>
    public static void Validate(
        IGradientObjective objective, double[] start, double[] lower, double[] upper, OptimizerOptions options)
    {
        if (objective is null) throw new ArgumentNullException(nameof(objective));
        ValidateGradientProblem(start, lower, upper, options);
    }

    private static void ValidateGradientProblem(double[] start, double[] lower, double[] upper, OptimizerOptions options)
    {
        ValidateProblem(start, lower, upper, options);
        if (!(options.GradientTolerance >= 0) || double.IsInfinity(options.GradientTolerance))
        {
            throw new ArgumentException(
                $"GradientTolerance is {options.GradientTolerance}; it must be a finite number of at least 0.", nameof(options));
        }

        if (!(options.RelativeFunctionTolerance >= 0) || double.IsInfinity(options.RelativeFunctionTolerance))
        {
            throw new ArgumentException(
                $"RelativeFunctionTolerance is {options.RelativeFunctionTolerance}; it must be a finite number of at least 0.", nameof(options));
        }
    }

    private static void ValidateProblem(double[] start, double[] lower, double[] upper, OptimizerOptions options)
    {
        if (start is null) throw new ArgumentNullException(nameof(start));
        if (lower is null) throw new ArgumentNullException(nameof(lower));
        if (upper is null) throw new ArgumentNullException(nameof(upper));
        if (options is null) throw new ArgumentNullException(nameof(options));

        int n = start.Length;
        if (n == 0) throw new ArgumentException("The start point has no variables.", nameof(start));
        if (lower.Length != n || upper.Length != n)
        {
            throw new ArgumentException(
                $"start has {n} variables but lower has {lower.Length} and upper has {upper.Length}; they must match.");
        }

        for (int i = 0; i < n; i++)
        {
            if (double.IsNaN(lower[i]) || double.IsNaN(upper[i]) || !(lower[i] < upper[i]))
            {
                // Equal bounds would leave a variable with no room to move; the caller should drop it instead.
                throw new ArgumentException(
                    $"Bounds of variable {i} are [{lower[i]}, {upper[i]}]; lower must be strictly less than upper.");
            }

            if (double.IsNaN(start[i]) || double.IsInfinity(start[i]))
            {
                throw new ArgumentException($"start[{i}] is {start[i]}; it must be a finite number.", nameof(start));
            }

            if (start[i] < lower[i] || start[i] > upper[i])
            {
                throw new ArgumentException(
                    $"start[{i}] = {start[i]} lies outside its bounds [{lower[i]}, {upper[i]}].", nameof(start));
            }
        }

        if (options.MaxEvaluations < 1)
        {
            throw new ArgumentException($"MaxEvaluations is {options.MaxEvaluations}; it must be at least 1.", nameof(options));
        }

        if (!(options.InitialStep > 0) || double.IsInfinity(options.InitialStep))
        {
            throw new ArgumentException($"InitialStep is {options.InitialStep}; it must be a positive finite number.", nameof(options));
        }

        if (!(options.StepTolerance > 0) || options.StepTolerance > options.InitialStep)
        {
            throw new ArgumentException(
                $"StepTolerance is {options.StepTolerance}; it must be positive and not larger than InitialStep ({options.InitialStep}).",
                nameof(options));
        }
    }
}
