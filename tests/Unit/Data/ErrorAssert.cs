using LmmPS.Core.Common;

namespace LmmPS.Tests.Data;

internal static class ErrorAssert
{
    /// <summary>Asserts that <paramref name="action"/> throws an <see cref="LmmException"/> with the given ErrorId
    /// and that its message contains every one of <paramref name="messageParts"/>.</summary>
    public static LmmException Throws(string errorId, Action action, params string[] messageParts)
    {
        var e = Assert.Throws<LmmException>(action);
        Assert.Equal(errorId, e.ErrorId);
        foreach (var part in messageParts) Assert.Contains(part, e.Message);
        return e;
    }
}
