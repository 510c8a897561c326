using LmmPS.Conformance;

// Usage: LmmPS.Conformance DIR [--filter SUBSTRING] [--trailing sparse|automatic]. Exit 0 when nothing failed, 1 on any FAIL, 2 on bad usage.
string? directory = null;
string? filter = null;
bool sparse = false;
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--filter" && i + 1 < args.Length)
        filter = args[++i];
    else if (args[i] == "--trailing" && i + 1 < args.Length && args[i + 1] is "sparse" or "automatic")
        sparse = args[++i] == "sparse";
    else if (args[i] is "-h" or "--help")
        return Usage(null);
    else if (directory is null && !args[i].StartsWith("--", StringComparison.Ordinal))
        directory = args[i];
    else
        return Usage($"unexpected argument '{args[i]}'");
}
if (directory is null)
    return Usage("the case directory is required");
if (!Directory.Exists(Path.Combine(directory, "reference")))
    return Usage($"'{directory}' has no reference/ folder");

var report = new ConformanceRunner(Console.Out) { ForceSparse = sparse }.Run(directory, filter);
return report.Failed > 0 ? 1 : 0;

static int Usage(string? error)
{
    if (error is not null)
        Console.Error.WriteLine($"error: {error}");
    Console.Error.WriteLine("usage: dotnet run -c Release --project tests/Conformance -- DIR [--filter SUBSTRING] [--trailing sparse|automatic]");
    Console.Error.WriteLine("  --trailing sparse: each case's main fit on the sparse trailing factor where the model allows it");
    Console.Error.WriteLine("  DIR holds reference/*.json (each naming its data_file relative to DIR) and data/*.csv + *.columns.json");
    return error is null ? 0 : 2;
}
