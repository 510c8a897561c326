using System.Diagnostics;
using LmmPS.Core.Data;
using LmmPS.Core.Design;
using LmmPS.Core.Fitting;
using LmmPS.Core.Formulas;
using LmmPS.Core.LinearAlgebra;

namespace LmmPS.Conformance;

/// <summary>Checks every reference case of a directory laid out like the shared folder
/// (<c>DIR/reference/*.json</c>, each naming its <c>data_file</c> relative to DIR, with a <c>.columns.json</c>
/// schema beside the CSV). Writes one line per check as it goes, then the summary line.</summary>
public sealed class ConformanceRunner
{
    private readonly TextWriter _output;

    // Data sets are shared by several cases (ML and REML of the same data); read each once per runner.
    private readonly Dictionary<string, DataFrame> _dataCache = new(StringComparer.Ordinal);

    /// <summary>Fit each case's main fit on the sparse trailing factor wherever the model allows it (two or more
    /// random-effects terms, every one after the first with one column); the other checks build their own models.</summary>
    public bool ForceSparse { get; init; }

    /// <summary>Cases whose main fit ran on the sparse trailing factor (with <see cref="ForceSparse"/>).</summary>
    public int SparseFits { get; private set; }

    public ConformanceRunner(TextWriter output)
    {
        _output = output;
    }

    /// <summary>The reference files of a directory, sorted by name, optionally only those whose file name
    /// contains <paramref name="filter"/> (ordinal, case-insensitive).</summary>
    public static IReadOnlyList<string> ReferenceFiles(string directory, string? filter = null)
    {
        string referenceDir = Path.Combine(directory, "reference");
        if (!Directory.Exists(referenceDir))
            throw new DirectoryNotFoundException($"No reference folder: {referenceDir} (expected DIR/reference/*.json).");
        return Directory.GetFiles(referenceDir, "*.json")
            .Where(f => filter is null || Path.GetFileName(f).IndexOf(filter, StringComparison.OrdinalIgnoreCase) >= 0)
            .OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Runs every case of <paramref name="directory"/> (or those matching <paramref name="filter"/>)
    /// and writes the summary line last.</summary>
    public ConformanceReport Run(string directory, string? filter = null)
    {
        var results = new List<CheckResult>();
        var timings = new List<CaseTiming>();
        foreach (string file in ReferenceFiles(directory, filter))
        {
            var (caseResults, timing) = RunCase(directory, file);
            results.AddRange(caseResults);
            timings.Add(timing);
        }
        var report = new ConformanceReport(results, timings);
        _output.WriteLine(report.SummaryLine);
        if (ForceSparse)
            _output.WriteLine($"{SparseFits} case(s) fitted on the sparse trailing factor (the others' models do not allow it).");
        _output.Flush();
        return report;
    }

    /// <summary>Runs one case; never throws: a failure at any stage is a FAIL line and the case ends there
    /// (later stages that do not depend on the failed one still run).</summary>
    public (IReadOnlyList<CheckResult> Results, CaseTiming Timing) RunCase(string directory, string referenceFile)
    {
        string file = Path.GetFileName(referenceFile);
        var results = new List<CheckResult>();
        void Emit(CheckResult r)
        {
            results.Add(r);
            _output.WriteLine(r.ToLine());
            _output.Flush();
        }
        void EmitAll(IEnumerable<CheckResult> rs)
        {
            foreach (var r in rs)
                Emit(r);
        }

        var total = Stopwatch.StartNew();
        TimeSpan dataTime = TimeSpan.Zero, designTime = TimeSpan.Zero, fitTime = TimeSpan.Zero, devfunTime = TimeSpan.Zero;
        CaseTiming Timing() => new(file, dataTime, designTime, fitTime, devfunTime, total.Elapsed);

        if (PendingFormats.Reason(file) is { } pending)
        {
            Emit(CheckResult.Skip(file, CheckNames.Reference, pending));
            return Finish(results, Timing());
        }

        string? unsupported;
        try
        {
            unsupported = PendingFormats.FeatureReason(referenceFile);
        }
        catch (Exception e)
        {
            Emit(CheckResult.Exception(file, CheckNames.Reference, e));
            return Finish(results, Timing());
        }
        if (unsupported is not null)
        {
            Emit(CheckResult.Skip(file, CheckNames.Reference, unsupported));
            return Finish(results, Timing());
        }

        if (file.StartsWith("predict_", StringComparison.Ordinal))
        {
            EmitAll(FitChecks.Guarded(file, CheckNames.Fit, () => PredictChecks.All(directory, referenceFile, f => LoadData(directory, f))));
            return Finish(results, Timing());
        }
        if (file.StartsWith("compare_", StringComparison.Ordinal))
        {
            EmitAll(FitChecks.Guarded(file, CheckNames.Fit, () => CompareChecks.All(referenceFile, f => LoadData(directory, f))));
            return Finish(results, Timing());
        }

        ReferenceCase rc;
        try
        {
            rc = ReferenceCase.Load(referenceFile);
        }
        catch (Exception e)
        {
            Emit(CheckResult.Exception(file, CheckNames.Reference, e));
            return Finish(results, Timing());
        }

        var sw = Stopwatch.StartNew();
        ModelDesign? design = null;
        DataFrame? data = null;
        try
        {
            data = LoadData(directory, rc.DataFile);
            dataTime = sw.Elapsed;
            sw.Restart();
            try
            {
                design = DesignBuilder.Build(FormulaParser.Parse(rc.Formula), data, FormulaFeatureChecks.Contrasts(referenceFile, data), rc.WeightsColumn);
            }
            catch (Exception e)
            {
                Emit(CheckResult.Exception(file, CheckNames.Design, e));
            }
            designTime = sw.Elapsed;
        }
        catch (Exception e)
        {
            dataTime = sw.Elapsed;
            Emit(CheckResult.Exception(file, CheckNames.Data, e));
        }
        if (design is not null)
            Emit(FitChecks.Guard(file, CheckNames.Design, () => FitChecks.Design(rc, design)));

        if (rc.IsBlme)
        {
            // blme's objective includes the fixed-effect prior: its own checks (BlmeChecks.cs).
            if (design is not null) EmitAll(BlmeChecks.All(rc, referenceFile, design));
            return Finish(results, Timing());
        }
        if (design is null)
            return Finish(results, Timing());

        sw.Restart();
        FitResult? fit = null;
        bool sparse = ForceSparse && design.RandomTerms.Count > 1 && design.RandomTerms.Skip(1).All(t => t.ColumnCount == 1);
        try
        {
            if (sparse) SparseFits++;
            fit = LmmFitter.Fit(design, new FitOptions
            {
                Method = rc.Method,
                Kernels = sparse ? new KernelOptions { TrailingFactor = TrailingFactorKind.Sparse } : null,
            });
        }
        catch (Exception e)
        {
            Emit(CheckResult.Exception(file, CheckNames.Fit, e));
        }
        fitTime = sw.Elapsed;
        if (fit is not null)
            EmitAll(FitChecks.All(rc, fit));
        if (file.StartsWith("inf_", StringComparison.Ordinal))
            EmitAll(InferenceChecks.All(file, referenceFile, design, fit));
        if (fit is not null && file.StartsWith("ff_", StringComparison.Ordinal))
        {
            EmitAll(FitChecks.Guarded(file, "formula_features", () => FormulaFeatureChecks.All(file, referenceFile, fit, data!)));
            EmitAll(FitChecks.Guarded(file, "weights_info", () => WeightsChecks.All(referenceFile, design, fit)));
        }

        sw.Restart();
        EmitAll(DevfunPointChecks.All(rc, design));
        devfunTime = sw.Elapsed;

        if (rc.DevfunPoints is { } points && points.Any(p => p.HasGradient))
            EmitAll(GradientChecks.All(rc, design, referenceFile));
        if (rc.HasProfileCi)
        {
            Emit(FitChecks.Guard(file, CheckNames.ProfileCi, () => ProfileChecks.Intervals(file, referenceFile, fit, sparse ? TrailingFactorKind.Sparse : TrailingFactorKind.Automatic)));
            if (fit?.Design.Weights is not null)
                Emit(FitChecks.Guard(file, CheckNames.ProfileCi + "/fixed_effects_refit",
                    () => WeightedProfileChecks.FixedEffectLimits(file, fit, ProfileChecks.Level(referenceFile))));
        }
        return Finish(results, Timing());
    }

    private (IReadOnlyList<CheckResult>, CaseTiming) Finish(List<CheckResult> results, CaseTiming timing)
    {
        _output.WriteLine(timing.ToLine());
        _output.Flush();
        return (results, timing);
    }

    private DataFrame LoadData(string directory, string dataFile)
    {
        string path = Path.GetFullPath(Path.Combine(directory, dataFile));
        if (_dataCache.TryGetValue(path, out var cached))
            return cached;
        if (!File.Exists(path))
            throw new FileNotFoundException($"Data file not found: {path} (data_file '{dataFile}' is relative to the case directory).", path);
        var data = CsvDataReader.ReadFile(path, ColumnSchema.OptionsFor(path));
        _dataCache[path] = data;
        return data;
    }
}
