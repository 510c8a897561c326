namespace LmmPS.Core.Design;

/// <summary>A grouping factor over the rows used: the levels that occur, in R's order, and each row's level.</summary>
internal sealed class GroupingFactor
{
    public GroupingFactor(string label, IReadOnlyList<string> levels, int[] levelIndex)
    {
        Label = label;
        Levels = levels;
        LevelIndex = levelIndex;
    }

    /// <summary>lme4's name for it, e.g. <c>Subject</c> or <c>batch:cask</c>.</summary>
    public string Label { get; }

    public IReadOnlyList<string> Levels { get; }

    public int[] LevelIndex { get; }
}
