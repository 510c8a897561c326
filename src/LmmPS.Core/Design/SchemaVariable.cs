using LmmPS.Core.Design.Transforms;

namespace LmmPS.Core.Design;

/// <summary>How the fit read one variable of its formula: numeric, or a factor with its levels in order. Plain
/// data (strings, a flag, numbers), so a schema can be written out and read back. A computed variable (a formula
/// function call such as <c>poly(Days, 2)</c>, named by its label) carries what its transform learnt from the data.</summary>
public sealed class SchemaVariable
{
    public SchemaVariable(string name, bool isFactor, IReadOnlyList<string> levels, bool isOrdered, TransformParameters? transform = null,
        ContrastSpec? coding = null)
    {
        Transform = transform;
        Coding = coding;
        Name = name ?? throw new ArgumentNullException(nameof(name));
        IsFactor = isFactor;
        Levels = levels ?? Array.Empty<string>();
        IsOrdered = isOrdered;
    }

    public string Name { get; }

    /// <summary>True for a categorical column; false for a numeric one (a numeric grouping variable stays
    /// numeric here: its grouping labels are R's formatting of the value).</summary>
    public bool IsFactor { get; }

    /// <summary>The factor's levels in the rows the fit used, in order (lme4 drops unused levels); empty for a
    /// numeric variable.</summary>
    public IReadOnlyList<string> Levels { get; }

    public bool IsOrdered { get; }

    /// <summary>poly()'s recurrence or scale()'s centre and scale, learnt from the fit's data; null otherwise.</summary>
    public TransformParameters? Transform { get; }

    /// <summary>The explicit coding of the factor in X (-Contrasts), or null for R's default.</summary>
    public ContrastSpec? Coding { get; }

    /// <summary>R's contrast for the factor where a term of X codes it by contrasts: the explicit coding's R name, else
    /// <c>contr.poly</c> for an ordered factor and <c>contr.treatment</c> (the first level is the baseline) otherwise;
    /// null for a numeric variable.</summary>
    public string? Contrast => !IsFactor ? null : Coding is { } c ? c.RName : IsOrdered ? "contr.poly" : "contr.treatment";
}
