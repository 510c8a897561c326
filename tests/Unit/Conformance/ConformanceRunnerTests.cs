using LmmPS.Conformance;

namespace LmmPS.Tests.Conformance;

/// <summary>The runner's own behaviour on broken cases: each problem is a FAIL line naming the case and the
/// stage, and the run goes on to the next case. None of these reach the engine's numerics.</summary>
public sealed class ConformanceRunnerTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "lmmps-conf-" + Guid.NewGuid().ToString("N"));

    public ConformanceRunnerTests()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "reference"));
        Directory.CreateDirectory(Path.Combine(_dir, "data"));
    }

    public void Dispose() => Directory.Delete(_dir, true);

    private void WriteCase(string name, string json) => File.WriteAllText(Path.Combine(_dir, "reference", name), json);

    private static string CaseJson(string dataFile) =>
        $"{{ \"data_file\": \"{dataFile}\", \"formula\": \"y ~ 1 + (1 | g)\", \"method\": \"REML\", \"objective\": 10 }}";

    [Fact]
    public void Missing_data_and_bad_json_are_FAIL_lines_and_the_run_continues()
    {
        WriteCase("a_missing.json", CaseJson("data/nothere.csv"));
        WriteCase("b_bad.json", "{ not json");
        WriteCase("c_missing.json", CaseJson("data/alsonothere.csv"));
        var output = new StringWriter();
        var report = new ConformanceRunner(output).Run(_dir);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();

        Assert.Equal(3, report.Failed);
        Assert.Equal(0, report.Passed);
        Assert.StartsWith("FAIL a_missing.json data threw FileNotFoundException: Data file not found:", lines[0]);
        Assert.Contains("nothere.csv", lines[0]);
        Assert.StartsWith("TIME a_missing.json ", lines[1]);
        Assert.StartsWith("FAIL b_bad.json reference threw InvalidDataException: b_bad.json is not valid JSON", lines[2]);
        Assert.StartsWith("FAIL c_missing.json data ", lines[4]);
        Assert.Equal("0 passed, 3 failed, 0 skipped", lines[^1]);
    }

    [Fact]
    public void Blme_case_whose_data_is_missing_fails_at_data_and_runs_no_prior_check()
    {
        WriteCase("blme_x_ML.json",
            "{ \"data_file\": \"data/nothere.csv\", \"formula\": \"y ~ 1 + (1 | g)\", \"method\": \"ML\", \"package\": \"blme\"," +
            " \"objective\": 10, \"theta\": {\"g.(Intercept)\": 0.5}, \"sigma\": 2, \"beta\": {\"(Intercept)\": 1}," +
            " \"devfun_points\": { \"points\": [ { \"label\": \"optimum\", \"theta\": [0.5], \"value\": 10, \"gradient_fd\": [0.1] } ] } }");
        var output = new StringWriter();
        var report = new ConformanceRunner(output).Run(_dir);
        Assert.Equal(new[] { "data" }, report.Results.Select(r => r.Check));
        Assert.Equal(CheckStatus.Fail, report.Results.Single().Status);
        Assert.Contains("nothere.csv", output.ToString());
    }

    [Fact]
    public void Filter_selects_reference_files_by_substring()
    {
        WriteCase("Dyestuff_ML.json", CaseJson("data/x.csv"));
        WriteCase("blme_Dyestuff_ML.json", CaseJson("data/x.csv"));
        WriteCase("sleepstudy_ML.json", CaseJson("data/x.csv"));
        Assert.Equal(new[] { "Dyestuff_ML.json", "blme_Dyestuff_ML.json" },
            ConformanceRunner.ReferenceFiles(_dir, "dyestuff").Select(Path.GetFileName));
        Assert.Equal(3, ConformanceRunner.ReferenceFiles(_dir).Count);
    }

    [Fact]
    public void A_directory_without_reference_folder_is_reported()
    {
        var e = Assert.Throws<DirectoryNotFoundException>(() => ConformanceRunner.ReferenceFiles(Path.Combine(_dir, "data")));
        Assert.Contains("reference", e.Message);
    }
}
