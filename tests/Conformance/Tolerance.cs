namespace LmmPS.Conformance;

/// <summary>The comparison rules of the conformance checks, kept apart so they can be unit-tested with hand
/// numbers. An "allowance" is the largest |ours - reference| that passes.</summary>
public static class Tolerance
{
    /// <summary>max(rel * |expected|, absFloor): relative, with an optional absolute floor so values at or near
    /// 0 do not demand an impossible relative precision.</summary>
    public static double RelativeAllowance(double expected, double relative, double absoluteFloor = 0) =>
        Math.Max(relative * Math.Abs(expected), absoluteFloor);

    /// <summary>Relative tolerance, except that a reference value with |expected| below <paramref name="nearZero"/>
    /// is compared absolutely at <paramref name="nearZero"/> (e.g. a variance estimated as exactly 0).</summary>
    public static double NearZeroAllowance(double expected, double relative, double nearZero) =>
        Math.Abs(expected) < nearZero ? nearZero : relative * Math.Abs(expected);

    /// <summary>The absolute floor used for a column of random effects: fraction * max |value| of the column.</summary>
    public static double ColumnFloor(IEnumerable<double?> column, double fraction)
    {
        double max = 0;
        foreach (var v in column)
            if (v is double d && !double.IsNaN(d))
                max = Math.Max(max, Math.Abs(d));
        return fraction * max;
    }

    /// <summary>True when <paramref name="actual"/> is a number within <paramref name="allowance"/> of
    /// <paramref name="expected"/>. NaN or infinity never passes.</summary>
    public static bool Within(double actual, double expected, double allowance) =>
        !double.IsNaN(actual) && !double.IsInfinity(actual) && Math.Abs(actual - expected) <= allowance;

    /// <summary>Compares a criterion that is minimised (objective, AIC, BIC): within the relative tolerance,
    /// or lower than the reference, which means our optimizer found a better optimum than lme4's.</summary>
    public static CriterionComparison CompareMinimised(double ours, double reference, double relative)
    {
        double allowance = RelativeAllowance(reference, relative);
        double difference = ours - reference;
        CriterionOutcome outcome =
            double.IsNaN(ours) || double.IsInfinity(ours) ? CriterionOutcome.NotFinite
            : Math.Abs(difference) <= allowance ? CriterionOutcome.Within
            : difference < 0 ? CriterionOutcome.Better
            : CriterionOutcome.Worse;
        return new CriterionComparison(outcome, difference, allowance);
    }

    /// <summary>Compares a criterion that is maximised (the log-likelihood): higher than the reference is better.</summary>
    public static CriterionComparison CompareMaximised(double ours, double reference, double relative)
    {
        var negated = CompareMinimised(-ours, -reference, relative);
        return negated with { Difference = -negated.Difference };
    }
}

/// <summary>Where a minimised or maximised criterion lies relative to the reference.</summary>
public enum CriterionOutcome
{
    Within,
    Better,
    Worse,
    NotFinite,
}

/// <param name="Outcome">The verdict.</param>
/// <param name="Difference">ours - reference.</param>
/// <param name="Allowance">The tolerance in absolute units.</param>
public readonly record struct CriterionComparison(CriterionOutcome Outcome, double Difference, double Allowance)
{
    public bool Passed => Outcome is CriterionOutcome.Within or CriterionOutcome.Better;
}
