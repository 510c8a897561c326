namespace LmmPS.Core.Formulas;

/// <summary>One term of a model formula: the interaction of one or more variables (a main effect has one).
/// Variables keep the order in which they were written (<c>a:b</c> is [a, b]).</summary>
public sealed record ModelTerm(IReadOnlyList<string> Variables)
{
    public int Order => Variables.Count;

    /// <summary>R's label, e.g. <c>a:b</c>.</summary>
    public string Label => string.Join(":", Variables);

    public bool Equals(ModelTerm? other) => other is not null && Variables.SequenceEqual(other.Variables);

    public override int GetHashCode() => Label.GetHashCode();

    public override string ToString() => Label;
}
