using System.Collections;
using System.Globalization;
using System.Management.Automation;
using LmmPS.Core.Common;
using LmmPS.Core.Fitting;
using LmmPS.Core.Inference;
using LmmPS.Core.Model;

namespace LmmPS.Conversion;

/// <summary>Between the cmdlets' df parameters and rows and the engine's <see cref="FixedEffectInference"/>.</summary>
internal static class FixedEffectTestFactory
{
    /// <summary>Invoke-LmmFit computes df by default only up to this size of the dense [Z X y] space (q + p + 1); the
    /// inference's time grows like its cube (README, "Tests of fixed effects").</summary>
    public const int DefaultDenseLimit = 1000;

    /// <summary>The same for Satterthwaite from the blocks of the factor (all-scalar terms): the side m of the trailing
    /// block it forms densely. Its time ~ m^3/6 + 2 m nnz is that of one or two of the fit's own evaluations when it reads
    /// the fit's dense trailing factor (InstEval, m = 1,156: 0.05-0.09 s against a 0.4-0.5 s fit, bench/README.md).</summary>
    public const int DefaultFactorLimit = 2000;

    public static DegreesOfFreedomMethod ToEngine(LmmDegreesOfFreedom method) => method switch
    {
        LmmDegreesOfFreedom.KenwardRoger => DegreesOfFreedomMethod.KenwardRoger,
        LmmDegreesOfFreedom.None => DegreesOfFreedomMethod.None,
        _ => DegreesOfFreedomMethod.Satterthwaite,
    };

    /// <summary>The coefficient t tests for a new fit, or null with the reason they were not computed (a note the fit
    /// shows as a warning). Asked for explicitly, they are computed whatever the size. <paramref name="fitted"/>: the
    /// model the fit was found on, whose factor the tests read where they can; <paramref name="cancellationToken"/>: the
    /// command's (Ctrl+C stops the tests within a block of their work; the cancellation propagates, no note).</summary>
    public static (IReadOnlyList<CoefficientTest>? Tests, string? Note) Coefficients(FitResult result, LmmDegreesOfFreedom method, bool explicitlyAsked,
        LinearMixedModel? fitted = null, CancellationToken cancellationToken = default)
    {
        if (method == LmmDegreesOfFreedom.None || result.Design.FixedEffectCount == 0)
            return (null, null);
        if (result.Prior is not null)
            return (null, explicitlyAsked ? "No df or p-values: Satterthwaite and Kenward-Roger tests do not apply to a fit with a fixed-effect prior." : null);
        var (size, factorBlocks) = FixedEffectInference.WorkSize(result.Design, result.Theta, ToEngine(method));
        // Read from the fit's own factor the tests cost a fraction of the fit whatever its size: no default limit then.
        bool readsFit = FixedEffectInference.ReadsFittedFactor(result, ToEngine(method), fitted);
        if (!explicitlyAsked && !readsFit && size > (factorBlocks ? DefaultFactorLimit : DefaultDenseLimit))
            return (null, string.Format(CultureInfo.InvariantCulture,
                "No df or p-values by default for {0} random effects (the tests work in a dense {1} x {1} space, time growing like its cube); ask with -DegreesOfFreedom Satterthwaite, or use Test-LmmFixedEffect.",
                result.Design.RandomEffectCount, size));
        try
        {
            return (FixedEffectInference.For(result, ToEngine(method), fitted, cancellationToken).Coefficients(), null);
        }
        catch (LmmException e)
        {
            return (null, $"No df or p-values: {e.Message}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The fit stands without them: a failure here must not cost the user the fit.
            return (null, $"No df or p-values: the tests of fixed effects failed ({e.GetType().Name}: {e.Message}).");
        }
    }

    public static LmmFixedEffect[] Rows(FitResult result, IReadOnlyList<CoefficientTest>? tests, string formula, string source)
    {
        if (tests is null)
            return FitResultConverter.FixedEffects(result, formula, source);
        return tests.Select(t => new LmmFixedEffect(t.Name, t.Estimate, t.StdError, t.TValue, t.DF, t.PValue) { Formula = formula, Source = source }).ToArray();
    }

    public static LmmFTest Row(FTest test, LmmDegreesOfFreedom method) =>
        new(test.Term, method.ToString(), test.SumSq, test.MeanSq, test.NumDF, test.DenDF, test.F, test.PValue, test.FUnscaled, test.FScaling);

    public static LmmContrastTest Row(int index, ContrastTest test, LmmDegreesOfFreedom method) =>
        new(index, test.Contrast.ToArray(), method.ToString(), test.Estimate, test.StdError, test.DF, test.TValue, test.PValue, test.Lower95, test.Upper95);

    /// <summary>-Contrast as a matrix: a double[,] (one row per contrast), an array of rows (@(@(0, 1), @(1, 0))), or one
    /// flat row of numbers (a single contrast).</summary>
    public static double[,] ContrastMatrix(object value)
    {
        object raw = value is PSObject ps ? ps.BaseObject : value;
        if (raw is double[,] matrix)
            return matrix;
        if (raw is not IEnumerable items || raw is string)
            throw Invalid($"-Contrast must be a double[,] or an array of rows of numbers; got a {raw.GetType().Name}.");
        var list = items.Cast<object?>().Select(o => o is PSObject p ? p.BaseObject : o).ToList();
        if (list.Count == 0)
            throw Invalid("-Contrast is empty.");
        bool nested = list.All(o => o is IEnumerable && o is not string);
        var rows = nested
            ? list.Select((o, r) => ((IEnumerable)o!).Cast<object?>().Select((v, c) => Number(v, r, c)).ToArray()).ToList()
            : new List<double[]> { list.Select((v, c) => Number(v, 0, c)).ToArray() };
        int p = rows[0].Length;
        for (int r = 1; r < rows.Count; r++)
            if (rows[r].Length != p)
                throw Invalid($"Row {r + 1} of -Contrast has {rows[r].Length} element(s) but row 1 has {p}; every row needs one weight per fixed effect.");
        var result = new double[rows.Count, p];
        for (int r = 0; r < rows.Count; r++)
            for (int c = 0; c < p; c++)
                result[r, c] = rows[r][c];
        return result;
    }

    private static double Number(object? v, int row, int column)
    {
        object? raw = v is PSObject p ? p.BaseObject : v;
        try
        {
            return raw is null ? throw new InvalidCastException() : Convert.ToDouble(raw, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is InvalidCastException or FormatException)
        {
            throw Invalid($"Element {column + 1} of row {row + 1} of -Contrast ('{raw}') is not a number.");
        }
    }

    private static LmmException Invalid(string message) => new("InvalidContrast", LmmErrorCategory.InvalidArgument, message);
}
