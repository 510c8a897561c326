using System.Text.RegularExpressions;
using LmmPS.Conversion;

namespace LmmPS.Tests.Habits;

/// <summary>Every ErrorId the module raises for user input carries ErrorDetails.RecommendedAction: the ids are read
/// from the sources of the engine and the module, so a new id without advice fails here.</summary>
public class ErrorAdviceTests
{
    // Ids of internal consistency checks (engine misuse, never a user's input) that have no general advice.
    private static readonly HashSet<string> InternalIds = new(StringComparer.Ordinal)
    {
        "InvalidMaxPoints", "InvalidParallelism", "InvalidSigma", "InvalidTermIndex", "InvalidZetaStep", "ScoreUndefinedAtBoundary",
    };

    [Fact]
    public void Every_error_id_in_the_sources_has_advice()
    {
        var root = Path.GetFullPath(Path.Combine(TestData.RootDirectory, "..", "..", "..", "..", "..", "..", "src"));
        if (!Directory.Exists(root))
            root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src"));
        Assert.True(Directory.Exists(root), $"sources not found at {root}");
        var ids = new SortedSet<string>(StringComparer.Ordinal);
        var pattern = new Regex(@"(?:LmmException|DataErrors\.Create|Fail)\(\s*""([A-Z][A-Za-z]+)""|""([A-Z][A-Za-z]+)"",\s*LmmErrorCategory");
        foreach (var file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")))
        {
            foreach (Match m in pattern.Matches(File.ReadAllText(file)))
                ids.Add(m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value);
        }
        Assert.True(ids.Count > 40, $"only {ids.Count} ids found");
        var missing = ids.Where(id => !InternalIds.Contains(id) && ErrorAdvice.For(id) is null).ToList();
        Assert.True(missing.Count == 0, "no RecommendedAction for: " + string.Join(", ", missing));
    }
}
