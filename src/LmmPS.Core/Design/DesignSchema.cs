using LmmPS.Core.Data;
using LmmPS.Core.Formulas;

namespace LmmPS.Core.Design;

/// <summary>
/// What a fit learnt about its data, enough to build X and Z for rows it has never seen: the formula, the
/// response, how each variable was read (numeric or factor, levels in order, ordered or not, and so which
/// contrast codes it), the columns of X kept and those dropped as aliased, and the random-effects terms in lme4's
/// order with their grouping factors' levels. Everything is strings, flags and indices, so the schema survives
/// being written out and read back (<see cref="DesignSchemaText"/>). Build new rows with <see cref="NewRowsBuilder"/>.
/// </summary>
public sealed class DesignSchema
{
    public DesignSchema(string formula, string response, IReadOnlyList<SchemaVariable> variables,
        IReadOnlyList<string> fixedEffectNames, IReadOnlyList<string> droppedFixedEffects,
        IReadOnlyList<SchemaGroupingFactor> randomTerms)
    {
        Formula = formula ?? throw new ArgumentNullException(nameof(formula));
        Response = response ?? throw new ArgumentNullException(nameof(response));
        Variables = variables ?? throw new ArgumentNullException(nameof(variables));
        FixedEffectNames = fixedEffectNames ?? throw new ArgumentNullException(nameof(fixedEffectNames));
        DroppedFixedEffects = droppedFixedEffects ?? throw new ArgumentNullException(nameof(droppedFixedEffects));
        RandomTerms = randomTerms ?? throw new ArgumentNullException(nameof(randomTerms));
    }

    /// <summary>The formula text as the user wrote it (parsed again to rebuild the terms).</summary>
    public string Formula { get; }

    public string Response { get; }

    /// <summary>Every right-hand-side variable the formula reads, in the formula's order (the response is not
    /// among them: new rows need not have it).</summary>
    public IReadOnlyList<SchemaVariable> Variables { get; }

    /// <summary>The columns of X in order (aliased ones removed).</summary>
    public IReadOnlyList<string> FixedEffectNames { get; }

    /// <summary>Columns of the full model matrix dropped by the rank check.</summary>
    public IReadOnlyList<string> DroppedFixedEffects { get; }

    /// <summary>Random-effects terms in lme4's order (the order of theta and of the fit's conditional modes).</summary>
    public IReadOnlyList<SchemaGroupingFactor> RandomTerms { get; }

    public SchemaVariable? Variable(string name) => Variables.FirstOrDefault(v => v.Name == name);

    /// <summary>The explicit codings the fit's X used, by factor name (empty for R's defaults).</summary>
    public IReadOnlyDictionary<string, ContrastSpec> Contrasts =>
        Variables.Where(v => v.Coding is not null).ToDictionary(v => v.Name, v => v.Coding!, StringComparer.Ordinal);

    /// <summary>The schema of a design built from <paramref name="frame"/> (called by <see cref="DesignBuilder"/>).</summary>
    internal static DesignSchema FromFrame(Formula formula, ModelFrame frame, IReadOnlyList<string> fixedNames,
        IReadOnlyList<string> dropped, IReadOnlyList<RandomEffectsTerm> sortedTerms, int[] order, IReadOnlyDictionary<string, ContrastSpec>? contrasts)
    {
        var variables = formula.Variables.Skip(1).Select(name => frame[name] switch
        {
            FactorVariable f => new SchemaVariable(name, true, f.Levels.ToArray(), f.IsOrdered,
                coding: contrasts is not null && contrasts.TryGetValue(name, out var c) ? c : null),
            _ => new SchemaVariable(name, false, Array.Empty<string>(), false, frame.Learned.TryGetValue(name, out var t) ? t : null),
        }).ToArray();
        var terms = sortedTerms.Select((t, i) => new SchemaGroupingFactor(t.Group, t.Levels.ToArray(), t.ColumnNames.ToArray(), order[i])).ToArray();
        return new DesignSchema(formula.Text, formula.Response, variables, fixedNames.ToArray(), dropped.ToArray(), terms);
    }

    /// <summary>Column kinds for reading new data the way the fit read its data: factors as categorical even when
    /// their labels look like numbers, numeric variables of X and Z as numbers. A numeric variable used only to group
    /// is left to the reader: a new label such as 'S400' among numbers is a new level, not a bad number.</summary>
    public IReadOnlyDictionary<string, ColumnKind> ColumnKinds()
    {
        var formula = FormulaParser.Parse(Formula);
        var modelled = new HashSet<string>(formula.FixedTerms.SelectMany(t => t.Variables)
            .Concat(formula.RandomTerms.SelectMany(r => r.Terms.SelectMany(t => t.Variables))), StringComparer.Ordinal);
        var kinds = Variables.Where(v => !formula.IsComputed(v.Name) && (v.IsFactor || modelled.Contains(v.Name)))
            .ToDictionary(v => v.Name, v => v.IsFactor ? ColumnKind.Categorical : ColumnKind.Numeric, StringComparer.Ordinal);
        // The columns a function call computes with are numbers (factor(x)'s argument is left to the reader: it is
        // matched by label either way).
        foreach (var v in Variables.Where(v => formula.IsComputed(v.Name)))
        {
            var call = formula.Computed[v.Name];
            if (call.Function == "factor")
                continue;
            foreach (var column in call.Columns)
                kinds[column] = ColumnKind.Numeric;
        }
        return kinds;
    }
}
