using LmmPS.Core.Common;

namespace LmmPS.Core.Design;

/// <summary>The codings a factor of the fixed effects can be given explicitly (lme4's <c>contrasts = list(f = ...)</c>).</summary>
public enum ContrastKind
{
    /// <summary>contr.treatment: one column per level other than the reference (the first, or the one named), named by level.</summary>
    Treatment,

    /// <summary>contr.sum: levels 1..K-1 against the last (coded -1), columns named 1..K-1.</summary>
    Sum,

    /// <summary>contr.helmert: column j contrasts level j+1 with the mean of levels 1..j, columns named 1..K-1.</summary>
    Helmert,

    /// <summary>contr.poly: orthonormal polynomials in the scores 1..K, columns .L, .Q, .C, ^4, ...</summary>
    Polynomial,
}

/// <summary>One explicit coding: <c>Treatment</c>, <c>Sum</c>, <c>Helmert</c>, <c>Polynomial</c> or
/// <c>Treatment:&lt;level&gt;</c> (treatment coding with that level as the reference). R's names (<c>contr.sum</c>, ...)
/// are accepted too.</summary>
public sealed class ContrastSpec
{
    public ContrastSpec(ContrastKind kind, string? referenceLevel = null)
    {
        if (referenceLevel is not null && kind != ContrastKind.Treatment)
            throw new ArgumentException("Only treatment coding takes a reference level.", nameof(referenceLevel));
        Kind = kind;
        ReferenceLevel = referenceLevel;
    }

    public ContrastKind Kind { get; }

    /// <summary>The reference level of a treatment coding; null for the first level.</summary>
    public string? ReferenceLevel { get; }

    /// <summary>The names users write, for messages and argument completion.</summary>
    public static IReadOnlyList<string> Names { get; } = new[] { "Treatment", "Sum", "Helmert", "Polynomial" };

    /// <summary>The text form (<c>Sum</c>, <c>Treatment:b</c>), which <see cref="Parse"/> reads back.</summary>
    public string Text => ReferenceLevel is null ? Kind.ToString() : "Treatment:" + ReferenceLevel;

    /// <summary>R's name of the coding function.</summary>
    public string RName => Kind switch
    {
        ContrastKind.Sum => "contr.sum",
        ContrastKind.Helmert => "contr.helmert",
        ContrastKind.Polynomial => "contr.poly",
        _ => "contr.treatment",
    };

    /// <summary>Reads <paramref name="text"/> for <paramref name="column"/>; an unknown coding is an error naming both.</summary>
    public static ContrastSpec Parse(string column, string? text)
    {
        var value = (text ?? "").Trim();
        int colon = value.IndexOf(':');
        string name = colon < 0 ? value : value.Substring(0, colon);
        if (name.StartsWith("contr.", StringComparison.OrdinalIgnoreCase))
            name = name.Substring(6);
        ContrastKind? kind = name.ToLowerInvariant() switch
        {
            "treatment" => ContrastKind.Treatment,
            "sum" => ContrastKind.Sum,
            "helmert" => ContrastKind.Helmert,
            "polynomial" or "poly" => ContrastKind.Polynomial,
            _ => null,
        };
        if (kind is null || (colon >= 0 && (kind != ContrastKind.Treatment || colon == value.Length - 1)))
            throw Invalid(column,
                $"-Contrasts gives '{text}' for '{column}', which is not a coding: use {string.Join(", ", Names)} or Treatment:<level> (treatment coding with that level as the reference).");
        return new ContrastSpec(kind.Value, colon < 0 ? null : value.Substring(colon + 1));
    }

    /// <summary>The levels x columns matrix and column suffixes for a factor with <paramref name="levels"/>.</summary>
    internal FactorCoding Coding(string column, IReadOnlyList<string> levels)
    {
        switch (Kind)
        {
            case ContrastKind.Sum: return ContrastCoding.Sum(levels.Count);
            case ContrastKind.Helmert: return ContrastCoding.Helmert(levels.Count);
            case ContrastKind.Polynomial: return ContrastCoding.Polynomial(levels.Count);
        }
        if (ReferenceLevel is null)
            return ContrastCoding.Treatment(levels);
        int reference = levels.ToList().IndexOf(ReferenceLevel);
        if (reference < 0)
            throw Invalid(column,
                $"-Contrasts makes '{ReferenceLevel}' the reference level of '{column}', but its levels in the rows used are {string.Join(", ", levels.Take(10).Select(l => $"'{l}'"))}{(levels.Count > 10 ? ", ..." : "")}.");
        return ContrastCoding.Treatment(levels, reference);
    }

    internal static LmmException Invalid(string column, string message) =>
        new("InvalidContrast", LmmErrorCategory.InvalidArgument, message) { Column = column };
}
