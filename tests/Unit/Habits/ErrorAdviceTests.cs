using LmmPS.Conversion;
using LmmPS.Tests.Hardening;

namespace LmmPS.Tests.Habits;

/// <summary>Every ErrorId the module raises for user input carries ErrorDetails.RecommendedAction: the ids are the
/// ones the error catalogue test reads from the sources, so a new id without advice fails here.</summary>
public class ErrorAdviceTests
{
    // Ids of internal consistency checks (engine misuse, never a user's input) that have no general advice.
    private static readonly HashSet<string> InternalIds = new(StringComparer.Ordinal)
    {
        "InvalidMaxPoints", "InvalidParallelism", "InvalidSigma", "InvalidTermIndex", "InvalidZetaStep", "ScoreUndefinedAtBoundary",
        "NotImplemented", "BlockKernelMissing",
    };

    [Fact]
    public void Every_error_id_in_the_sources_has_advice()
    {
        var ids = ErrorCatalogueTests.RaisedIds();
        Assert.True(ids.Count > 40, $"only {ids.Count} ids found");
        var missing = ids.Where(id => !InternalIds.Contains(id) && ErrorAdvice.For(id) is null).ToList();
        Assert.True(missing.Count == 0, "no RecommendedAction for: " + string.Join(", ", missing));
    }
}
