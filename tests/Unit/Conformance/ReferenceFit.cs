using System.Text.Json;
using LmmPS.Conformance;
using LmmPS.Core.Design;
using LmmPS.Core.Fitting;
using LmmPS.Core.Formulas;

namespace LmmPS.Tests.Conformance;

/// <summary>Builds the design and fit result that lme4 itself would give, straight from a reference file, so the
/// checks can be tested without the engine: this "perfect" fit must pass every check, and a perturbed copy must
/// fail the check it perturbs. Only the parts the checks read are filled in (no data rows, no Z).</summary>
internal static class ReferenceFit
{
    public static (ReferenceCase Case, ModelDesign Design, FitResult Fit) Load(string fileName)
    {
        string path = ConformanceTestData.Reference(fileName);
        var rc = ReferenceCase.Load(path);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;

        // One term per design.re_terms entry, in lme4's order, with the levels of its factor from ranef.
        var levelsByGroup = rc.Ranef!.ToDictionary(r => r.Group, r => r.Levels);
        var terms = new List<RandomEffectsTerm>();
        foreach (var t in root.GetProperty("design").GetProperty("re_terms").EnumerateArray())
        {
            string group = t.GetProperty("group").GetString()!;
            var columns = t.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToList();
            terms.Add(new RandomEffectsTerm(group, levelsByGroup[group], Array.Empty<int>(), columns.Count, Array.Empty<double>(), columns));
        }
        int n = rc.RowCount!.Value;
        var fixedNames = rc.FixedEffectColumns!;
        var formula = new Formula(rc.Formula, "y", fixedNames.Contains("(Intercept)"), Array.Empty<ModelTerm>(), Array.Empty<RandomTerm>());
        var design = new ModelDesign(formula, new double[n], new double[n * fixedNames.Count], fixedNames, Array.Empty<string>(),
            terms, Array.Empty<int>(), 0);

        var beta = rc.Beta!;
        var se = rc.BetaSE!;
        var fixedEffects = beta.Select((b, j) => new FixedEffectEstimate(b.Name, b.Value!.Value, se[j].Value!.Value, b.Value!.Value / se[j].Value!.Value)).ToList();

        var termComponents = rc.VarComp!.Where(v => !v.IsResidual).ToList();
        var components = new List<VarianceComponent>();
        for (int i = 0; i < terms.Count; i++)
            components.Add(Component(terms[i].Group, termComponents[i]));
        double sigma = rc.Sigma!.Value;
        components.Add(new VarianceComponent("Residual", new[] { "(Residual)" }, new[,] { { sigma * sigma } }, new[] { sigma }, new[,] { { 1.0 } }));

        var tables = terms.Select(t => Table(t, rc.Ranef!.Single(r => r.Group == t.Group))).ToList();

        var fit = new FitResult
        {
            Design = design,
            Method = rc.Method,
            Objective = rc.Objective!.Value,
            Sigma = sigma,
            Theta = rc.Theta!.Select(t => t.Value!.Value).ToList(),
            FixedEffects = fixedEffects,
            FixedEffectsCovariance = new double[fixedNames.Count, fixedNames.Count],
            VarianceComponents = components,
            RandomEffects = tables,
            PenalizedRss = 0,
            LogDetLZSquared = 0,
            LogDetLXSquared = 0,
            Evaluations = 0,
            Converged = true,
            ConvergenceMessage = "",
            OptimizerName = "reference",
            IsSingular = false,
            SingularTerms = Array.Empty<string>(),
            Warnings = Array.Empty<string>(),
            Elapsed = TimeSpan.Zero,
        };
        return (rc, design, fit);
    }

    /// <summary>A copy of <paramref name="f"/> with some parts replaced (FitResult is immutable).</summary>
    public static FitResult With(FitResult f, double? objective = null, IReadOnlyList<double>? theta = null,
        IReadOnlyList<FixedEffectEstimate>? fixedEffects = null, IReadOnlyList<VarianceComponent>? components = null,
        IReadOnlyList<RandomEffectsTable>? randomEffects = null) =>
        new()
        {
            Design = f.Design,
            Method = f.Method,
            Objective = objective ?? f.Objective,
            Sigma = f.Sigma,
            Theta = theta ?? f.Theta,
            FixedEffects = fixedEffects ?? f.FixedEffects,
            FixedEffectsCovariance = f.FixedEffectsCovariance,
            VarianceComponents = components ?? f.VarianceComponents,
            RandomEffects = randomEffects ?? f.RandomEffects,
            PenalizedRss = f.PenalizedRss,
            LogDetLZSquared = f.LogDetLZSquared,
            LogDetLXSquared = f.LogDetLXSquared,
            Evaluations = f.Evaluations,
            Converged = f.Converged,
            ConvergenceMessage = f.ConvergenceMessage,
            OptimizerName = f.OptimizerName,
            IsSingular = f.IsSingular,
            SingularTerms = f.SingularTerms,
            Warnings = f.Warnings,
            Elapsed = f.Elapsed,
        };

    private static VarianceComponent Component(string group, ReferenceVarComp r)
    {
        int k = r.Names.Count;
        var cov = new double[k, k];
        var corr = new double[k, k];
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
            {
                corr[i, j] = i == j ? 1 : r.Correlation![i][j]!.Value;
                cov[i, j] = i == j ? r.Variance[i]!.Value : corr[i, j] * r.StdDev[i]!.Value * r.StdDev[j]!.Value;
            }
        return new VarianceComponent(group, r.Names, cov, r.StdDev.Select(s => s!.Value).ToList(), corr);
    }

    /// <summary>Our per-term table: the term's columns taken out of lme4's per-factor (merged) ranef entry.</summary>
    private static RandomEffectsTable Table(RandomEffectsTerm term, ReferenceRanef r)
    {
        int k = term.ColumnCount;
        int levels = r.Levels.Count;
        var modes = new double[levels * k];
        var sds = new double[levels * k];
        for (int c = 0; c < k; c++)
            for (int l = 0; l < levels; l++)
            {
                modes[l * k + c] = r.Modes[term.ColumnNames[c]][l]!.Value;
                sds[l * k + c] = r.ConditionalSD![term.ColumnNames[c]][l]!.Value;
            }
        return new RandomEffectsTable(term.Group, r.Levels, term.ColumnNames, modes, sds);
    }
}
