using System.Text.RegularExpressions;

namespace LmmPS.Tests.Hardening;

/// <summary>Keeps docs/errors.md in step with the code: every ErrorId the sources can raise is catalogued, and
/// every catalogued id is still raised somewhere.</summary>
public class ErrorCatalogueTests
{
    // The ways an ErrorId reaches a user: a literal directly before the LmmErrorCategory argument (new
    // LmmException("Id", LmmErrorCategory.X, ...), target-typed new("Id", ...), DataErrors.Create("Id", ...)),
    // a named ErrorId constant handed to a builder (FormulaErrors), and the cmdlets' own ErrorRecord ids.
    private static readonly Regex[] IdPatterns =
    {
        new(@"""(?<id>[A-Z][A-Za-z0-9]*)""\s*,\s*LmmErrorCategory\.", RegexOptions.Compiled),
        new(@"const\s+string\s+\w*ErrorId\w*\s*=\s*""(?<id>[A-Z][A-Za-z0-9]*)""", RegexOptions.Compiled),
        new(@"new\s+ErrorRecord\([^;]*?,\s*""(?<id>[A-Z][A-Za-z0-9]*)""\s*,\s*ErrorCategory\.", RegexOptions.Compiled | RegexOptions.Singleline),
    };

    private static readonly Regex CatalogueHeading = new(@"^###\s+`(?<id>[A-Za-z0-9]+)`\s*$", RegexOptions.Multiline | RegexOptions.Compiled);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "LmmPS.sln")))
                return dir.FullName;
        throw new DirectoryNotFoundException($"No LmmPS.sln above {AppContext.BaseDirectory}.");
    }

    internal static SortedSet<string> IdsRaisedIn(IEnumerable<string> sources)
    {
        var ids = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var text in sources)
            foreach (var pattern in IdPatterns)
                foreach (Match m in pattern.Matches(text))
                    ids.Add(m.Groups["id"].Value);
        return ids;
    }

    internal static SortedSet<string> RaisedIds()
    {
        string src = Path.Combine(RepositoryRoot(), "src");
        var files = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "obj" or "bin"));
        return IdsRaisedIn(files.Select(File.ReadAllText));
    }

    private static SortedSet<string> CataloguedIds()
    {
        string text = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "errors.md"));
        return new SortedSet<string>(CatalogueHeading.Matches(text).Select(m => m.Groups["id"].Value), StringComparer.Ordinal);
    }

    [Fact]
    public void Every_raised_ErrorId_is_in_the_catalogue()
    {
        var missing = RaisedIds().Except(CataloguedIds()).ToList();
        Assert.True(missing.Count == 0,
            $"docs/errors.md lacks {missing.Count} ErrorId(s) the code raises; add a '### `Id`' entry (trigger, example message, what to do) for: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_catalogued_ErrorId_is_still_raised()
    {
        var stale = CataloguedIds().Except(RaisedIds()).ToList();
        Assert.True(stale.Count == 0,
            $"docs/errors.md lists ErrorId(s) no source raises any more; remove or rename: {string.Join(", ", stale)}");
    }

    [Fact]
    public void The_scan_finds_every_way_an_id_is_written()
    {
        // The scanner itself must not go blind: one sample of each form, including a call split over lines.
        var ids = IdsRaisedIn(new[]
        {
            "throw new LmmException(\"Alpha\", LmmErrorCategory.InvalidData, \"m\");",
            "return new LmmException(\n            \"Beta\",\n            LmmErrorCategory.InvalidData,",
            "new(\"Gamma\", LmmErrorCategory.NotImplemented, $\"...\")",
            "throw DataErrors.Create(\"Delta\", LmmErrorCategory.ReadError, \"m\", path: p);",
            "public const string SyntaxErrorId = \"Epsilon\";",
            "record = new ErrorRecord(wrapped, \"Zeta\", ErrorCategory.NotSpecified, target);",
            "var text = \"NotAnId\"; Foo(\"Eta\", 3);",
        });
        Assert.Equal(new[] { "Alpha", "Beta", "Delta", "Epsilon", "Gamma", "Zeta" }, ids);
        Assert.Contains("FormulaSyntaxError", RaisedIds());
        Assert.Contains("ModelTooLarge", RaisedIds());
        Assert.True(RaisedIds().Count >= 40, $"only {RaisedIds().Count} ids found");
    }
}
