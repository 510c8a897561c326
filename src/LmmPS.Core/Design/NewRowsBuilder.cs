using System.Globalization;
using LmmPS.Core.Common;
using LmmPS.Core.Data;
using LmmPS.Core.Design.Transforms;
using LmmPS.Core.Formulas;

namespace LmmPS.Core.Design;

/// <summary>Builds X and Z for new rows from a fit's <see cref="DesignSchema"/>: factors are coded against the
/// fit's levels and contrasts (never the new data's own levels), the columns of X are those the fit kept, and
/// each random-effects term's rows are matched to the fit's levels by label. The same code as the fit's own
/// design (<see cref="ModelMatrixBuilder"/>) forms the columns, so the original rows come out identical.</summary>
public static class NewRowsBuilder
{
    /// <summary>Builds every complete row; the first row that cannot be built (a new level of a fixed-effects factor,
    /// a new grouping level under <see cref="UnknownLevelPolicy.Error"/>, a non-number in a numeric variable) throws.</summary>
    public static NewRowsDesign Build(DesignSchema schema, DataFrame data, UnknownLevelPolicy policy) =>
        Build(schema, data, policy, null);

    /// <summary>As <see cref="Build(DesignSchema, DataFrame, UnknownLevelPolicy)"/>, but a row that cannot be built is
    /// reported to <paramref name="rowErrors"/> (one exception per row, naming it) and left out, like an incomplete
    /// row, so a batch goes on past one bad row. A missing column still throws: no row can be built then.</summary>
    public static NewRowsDesign Build(DesignSchema schema, DataFrame data, UnknownLevelPolicy policy, ICollection<LmmException>? rowErrors)
    {
        if (schema is null) throw new ArgumentNullException(nameof(schema));
        if (data is null) throw new ArgumentNullException(nameof(data));
        var formula = FormulaParser.Parse(schema.Formula);
        var strict = new HashSet<string>(formula.FixedTerms.SelectMany(t => t.Variables)
            .Concat(formula.RandomTerms.SelectMany(r => r.Terms.SelectMany(t => t.Variables))), StringComparer.Ordinal);

        var columns = schema.Variables.Select(v => formula.Computed.TryGetValue(v.Name, out var call)
            ? ComputedColumns.Build(formula.Text, v.Name, call, data, name => Resolve(schema, data, name), v.Transform, newRows: true).Column
            : Resolve(schema, data, v.Name)).ToArray();
        int[] rows = Enumerable.Range(0, data.RowCount).Where(r => columns.All(c => !c.IsMissing(r))).ToArray();
        if (rowErrors is not null)
        {
            // A first pass finds the rows that cannot be built; the second builds the others and cannot fail.
            var bad = new Dictionary<int, LmmException>();
            void Report(LmmException e)
            {
                int row = (int)e.Row!.Value - 1;
                if (!bad.ContainsKey(row)) bad[row] = e;
            }
            var (_, probeLabels) = Frame(schema, columns, rows, strict, Report);
            foreach (var schemaTerm in schema.RandomTerms)
                LevelIndex(schemaTerm, formula.RandomTerms[schemaTerm.FormulaIndex], probeLabels, rows, policy, Report);
            foreach (var row in bad.Keys.OrderBy(r => r))
                rowErrors.Add(bad[row]);
            rows = rows.Where(r => !bad.ContainsKey(r)).ToArray();
        }
        var (frame, labels) = Frame(schema, columns, rows, strict, e => throw e);

        int n = rows.Length, p = schema.FixedEffectNames.Count;
        var candidates = ModelMatrixBuilder.Build(frame, formula.HasIntercept, formula.FixedTerms, formula.Text, "the fixed effects", schema.Contrasts);
        var byName = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var c in candidates)
            byName[c.Name] = c.Values;
        var x = new double[n * p];
        for (int j = 0; j < p; j++)
        {
            if (!byName.TryGetValue(schema.FixedEffectNames[j], out var values))
                throw new LmmException("SchemaMismatch", LmmErrorCategory.InvalidResult,
                    $"The fit's fixed effect '{schema.FixedEffectNames[j]}' could not be rebuilt from its schema (formula '{schema.Formula}').");
            Array.Copy(values, 0, x, j * n, n);
        }

        var terms = new NewRowsTerm[schema.RandomTerms.Count];
        for (int t = 0; t < terms.Length; t++)
        {
            var schemaTerm = schema.RandomTerms[t];
            terms[t] = BuildTerm(schemaTerm, formula.RandomTerms[schemaTerm.FormulaIndex], frame, formula.Text, labels, rows, policy);
        }
        return new NewRowsDesign(data.RowCount, rows, x, p, terms) { Offset = DesignBuilder.OffsetValues(formula, frame) };
    }

    /// <summary>The model frame over <paramref name="rows"/>: factors coded against the fit's levels, numbers as they
    /// are; and every variable's labels per row (a factor's label, a number as R formats it) for the grouping factors.</summary>
    private static (ModelFrame Frame, Dictionary<string, string[]> Labels) Frame(DesignSchema schema, Column[] columns, int[] rows,
        HashSet<string> strict, Action<LmmException> report)
    {
        var variables = new List<FrameVariable>();
        var labels = new Dictionary<string, string[]>(StringComparer.Ordinal);
        for (int v = 0; v < columns.Length; v++)
        {
            var sv = schema.Variables[v];
            if (columns[v] is MatrixColumn matrix)
                variables.Add(ModelFrameBuilder.Restrict(matrix, rows));
            else if (sv.IsFactor)
            {
                var (codes, raw) = FactorCodes(sv, columns[v], rows, strict.Contains(sv.Name), report);
                variables.Add(new FactorVariable(sv.Name, codes, sv.Levels, sv.IsOrdered));
                labels[sv.Name] = raw;
            }
            else if (columns[v] is CategoricalColumn text && !strict.Contains(sv.Name))
            {
                // A numeric grouping variable (lme4: factor(x), labelled by as.character) read as text in the new data,
                // e.g. a new subject 'S400' among numbers: only its labels matter; no column of X or Z reads it.
                variables.Add(new NumericVariable(sv.Name, rows.Select(_ => double.NaN).ToArray()));
                labels[sv.Name] = rows.Select(r => text.Levels[text[r]]).ToArray();
            }
            else
            {
                var values = NumericValues(sv.Name, columns[v], rows, report);
                variables.Add(new NumericVariable(sv.Name, values));
                labels[sv.Name] = values.Select(RNumberFormat.Format).ToArray();
            }
        }
        return (new ModelFrame(variables, rows, 0), labels);
    }

    private static NewRowsTerm BuildTerm(SchemaGroupingFactor schemaTerm, RandomTerm term, ModelFrame frame, string formulaText,
        Dictionary<string, string[]> labels, int[] rows, UnknownLevelPolicy policy)
    {
        int n = rows.Length;
        var columns = ModelMatrixBuilder.Build(frame, term.HasIntercept, term.Terms, formulaText,
            $"the random-effects term at formula position {term.Position}");
        int k = columns.Count;
        var z = new double[n * k];
        for (int j = 0; j < k; j++)
            for (int i = 0; i < n; i++)
                z[i * k + j] = columns[j].Values[i];

        var (index, groupLabels) = LevelIndex(schemaTerm, term, labels, rows, policy, e => throw e);
        return new NewRowsTerm(schemaTerm.Group, k, z, index, groupLabels);
    }

    /// <summary>Each row's level of the fit's grouping factor, by its label (<c>a:b</c> for an interaction, as lme4's
    /// %i% forms it); -1 for a label the fit has no random effect for, or an error under the Error policy.</summary>
    private static (int[] Index, string[] Labels) LevelIndex(SchemaGroupingFactor schemaTerm, RandomTerm term, Dictionary<string, string[]> labels,
        int[] rows, UnknownLevelPolicy policy, Action<LmmException> report)
    {
        int n = rows.Length;
        var levelOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int l = 0; l < schemaTerm.Levels.Count; l++)
            levelOf[schemaTerm.Levels[l]] = l;
        var groupLabels = new string[n];
        var index = new int[n];
        for (int i = 0; i < n; i++)
        {
            string label = labels[term.GroupingVariables[0]][i];
            for (int v = 1; v < term.GroupingVariables.Count; v++)
                label += ":" + labels[term.GroupingVariables[v]][i];
            groupLabels[i] = label;
            if (levelOf.TryGetValue(label, out int l))
                index[i] = l;
            else
            {
                index[i] = -1;
                if (policy == UnknownLevelPolicy.Error)
                    report(new LmmException("NewGroupingLevel", LmmErrorCategory.InvalidData,
                        $"Row {rows[i] + 1} of the new data has '{label}' in the grouping factor '{schemaTerm.Group}', a level the fit has no random effect for. " +
                        "Predict it at the population level (lme4's allow.new.levels = TRUE) or remove the row.")
                    {
                        Column = schemaTerm.Group,
                        Row = rows[i] + 1,
                    });
            }
        }
        return (index, groupLabels);
    }

    private static Column Resolve(DesignSchema schema, DataFrame data, string name)
    {
        if (data.TryGetColumn(name, out var column))
            return column;
        var known = data.ColumnNames.ToList();
        string? nearest = ColumnResolver.NearestName(name, known);
        throw new LmmException("NewDataColumnNotFound", LmmErrorCategory.ObjectNotFound,
            $"The fit's formula '{schema.Formula}' uses '{name}', but the new data has no column of that name." +
            (nearest is null ? " The new data has no columns." : $" Did you mean '{nearest}'? Column names are case-sensitive."))
        {
            Column = name,
        };
    }

    /// <summary>Each row's level among the fit's levels, by label; -1 for a label the fit has not seen, allowed
    /// only for a grouping variable (a fixed-effects or slope factor cannot code an unknown level).</summary>
    private static (int[] Codes, string[] Labels) FactorCodes(SchemaVariable variable, Column column, int[] rows, bool strict, Action<LmmException> report)
    {
        var levelOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int l = 0; l < variable.Levels.Count; l++)
            levelOf[variable.Levels[l]] = l;
        var codes = new int[rows.Length];
        var labels = new string[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            string label = column is CategoricalColumn c ? c.Levels[c[rows[i]]] : RNumberFormat.Format(((NumericColumn)column)[rows[i]]);
            labels[i] = label;
            if (levelOf.TryGetValue(label, out int code))
                codes[i] = code;
            else
            {
                codes[i] = -1;
                if (strict)
                    report(new LmmException("NewFactorLevel", LmmErrorCategory.InvalidData,
                    $"Row {rows[i] + 1} of the new data has '{label}' in the factor '{variable.Name}', a level the fit did not see " +
                    $"(its levels: {Describe(variable.Levels)}); a fixed effect cannot be coded for it.")
                    {
                        Column = variable.Name,
                        Row = rows[i] + 1,
                    });
            }
        }
        return (codes, labels);
    }

    private static double[] NumericValues(string name, Column column, int[] rows, Action<LmmException> report)
    {
        var values = new double[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            if (column is NumericColumn numeric)
                values[i] = numeric[rows[i]];
            else
            {
                var c = (CategoricalColumn)column;
                string label = c.Levels[c[rows[i]]];
                if (!double.TryParse(label, NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
                    report(new LmmException("NewDataNotNumeric", LmmErrorCategory.InvalidData,
                        $"Row {rows[i] + 1} of the new data has '{label}' in '{name}', which the fit read as a numeric variable.")
                    {
                        Column = name,
                        Row = rows[i] + 1,
                    });
            }
        }
        return values;
    }

    private static string Describe(IReadOnlyList<string> levels) =>
        string.Join(", ", levels.Take(8).Select(l => $"'{l}'")) + (levels.Count > 8 ? $", ... ({levels.Count} in all)" : "");
}
