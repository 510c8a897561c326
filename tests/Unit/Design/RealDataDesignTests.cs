using System.Globalization;
using LmmPS.Core.Design;

namespace LmmPS.Tests.Design;

/// <summary>Column values of X and Z on the real data sets, checked against the raw CSV fields.</summary>
public class RealDataDesignTests
{
    [Fact]
    public void InstEval_service_is_treatment_coded_as_service1()
    {
        var design = DesignBuilder.Build(ReferenceCase.FormulaFor("y ~ 1 + service + (1 | s) + (1 | d) + (1 | dept:service)"), DesignTestData.Load("InstEval"));
        string[] service = DesignTestData.RawField("InstEval", "service");
        int n = design.RowCount;
        Assert.Equal(73421, n);
        Assert.Equal(new[] { "(Intercept)", "service1" }, design.FixedEffectNames);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(1.0, design.X[i]);
            Assert.Equal(service[i] == "1" ? 1.0 : 0.0, design.X[n + i]);
        }
        // First two data rows of InstEval.csv: service 0 then 1.
        Assert.Equal(0.0, design.X[n]);
        Assert.Equal(1.0, design.X[n + 1]);
    }

    [Fact]
    public void InstEval_dept_service_interaction_rows_point_at_their_own_level()
    {
        var design = DesignBuilder.Build(ReferenceCase.FormulaFor("y ~ 1 + service + (1 | s) + (1 | d) + (1 | dept:service)"), DesignTestData.Load("InstEval"));
        var term = design.RandomTerms.Single(t => t.Group == "dept:service");
        string[] dept = DesignTestData.RawField("InstEval", "dept");
        string[] service = DesignTestData.RawField("InstEval", "service");
        for (int i = 0; i < design.RowCount; i++)
            Assert.Equal(dept[i] + ":" + service[i], term.Levels[term.LevelIndex[i]]);
        Assert.True(term.IsInterceptOnly);
    }

    [Fact]
    public void Sleepstudy_X_and_Z_hold_intercept_and_days()
    {
        var design = DesignBuilder.Build(ReferenceCase.FormulaFor("Reaction ~ Days + (Days | Subject)"), DesignTestData.Load("sleepstudy"));
        string[] days = DesignTestData.RawField("sleepstudy", "Days");
        string[] subject = DesignTestData.RawField("sleepstudy", "Subject");
        string[] reaction = DesignTestData.RawField("sleepstudy", "Reaction");
        int n = design.RowCount;
        Assert.Equal(180, n);
        var term = Assert.Single(design.RandomTerms);
        Assert.Equal(2, term.ColumnCount);
        for (int i = 0; i < n; i++)
        {
            double d = double.Parse(days[i], CultureInfo.InvariantCulture);
            Assert.Equal(double.Parse(reaction[i], CultureInfo.InvariantCulture), design.Response[i]);
            Assert.Equal(1.0, design.X[i]);
            Assert.Equal(d, design.X[n + i]);
            Assert.Equal(1.0, term.Z[2 * i]);
            Assert.Equal(d, term.Z[2 * i + 1]);
            Assert.Equal(subject[i], term.Levels[term.LevelIndex[i]]);
        }
        Assert.False(term.IsInterceptOnly);
        Assert.Equal(3, design.ThetaCount);
    }

    [Fact]
    public void InstEval_ordered_studage_gets_polynomial_columns_from_contr_poly_4()
    {
        var formula = FrameFactory.F("y ~ studage + (1 | s)", "y", true, new[] { FrameFactory.T("studage") },
            FrameFactory.R(true, Array.Empty<LmmPS.Core.Formulas.ModelTerm>(), new[] { "s" }, 12));
        var design = DesignBuilder.Build(formula, DesignTestData.Load("InstEval"));
        Assert.Equal(new[] { "(Intercept)", "studage.L", "studage.Q", "studage.C" }, design.FixedEffectNames);
        // contr.poly(4) (R documentation values), rows = studage levels 2, 4, 6, 8.
        var poly = new Dictionary<string, double[]>
        {
            ["2"] = new[] { -0.6708204, 0.5, -0.2236068 },
            ["4"] = new[] { -0.2236068, -0.5, 0.6708204 },
            ["6"] = new[] { 0.2236068, -0.5, -0.6708204 },
            ["8"] = new[] { 0.6708204, 0.5, 0.2236068 },
        };
        string[] studage = DesignTestData.RawField("InstEval", "studage");
        int n = design.RowCount;
        for (int i = 0; i < n; i += 997)
            for (int j = 0; j < 3; j++)
                Assert.Equal(poly[studage[i]][j], design.X[(j + 1) * n + i], 1e-7);
    }
}
