using System.Management.Automation;
using LmmPS.Commands;
using LmmPS.Core.Common;

namespace LmmPS.Tests.Module;

/// <summary>The cmdlets' public surface as PowerShell will see it: names, parameter sets, mandatory/positional/
/// pipeline flags, aliases and output types, read from metadata.</summary>
public class CmdletMetadataTests
{
    /// <summary>cmdlet, parameter, set, mandatory, position (-1 = named), from pipeline by value, by property name.</summary>
    public static readonly TheoryData<string, string, string, bool, int, bool, bool> ExpectedParameters = new()
    {
        { "New-LmmDesign", "Formula", "Path", true, 0, false, false },
        { "New-LmmDesign", "Formula", "LiteralPath", true, 0, false, false },
        { "New-LmmDesign", "Formula", "Pipeline", true, 0, false, false },
        { "New-LmmDesign", "Path", "Path", true, 1, false, false },
        { "New-LmmDesign", "LiteralPath", "LiteralPath", true, -1, false, false },
        { "New-LmmDesign", "InputObject", "Pipeline", true, -1, true, false },
        { "New-LmmDesign", "Categorical", "Pipeline", false, -1, false, false },
        { "New-LmmDesign", "Ordered", "Path", false, -1, false, false },
        { "New-LmmDesign", "Delimiter", "Path", false, -1, false, false },
        { "New-LmmDesign", "Delimiter", "LiteralPath", false, -1, false, false },
        { "Invoke-LmmFit", "Design", "Design", true, -1, true, true },
        { "Invoke-LmmFit", "Formula", "Pipeline", true, 0, false, false },
        { "Invoke-LmmFit", "InputObject", "Pipeline", true, -1, true, false },
        { "Invoke-LmmFit", "Path", "Path", true, 1, false, false },
        { "Invoke-LmmFit", "Method", "", false, -1, false, false },
        { "Invoke-LmmFit", "StartTheta", "", false, -1, false, false },
        { "Invoke-LmmFit", "MaxEvaluations", "", false, -1, false, false },
        { "Invoke-LmmFit", "FixedEffectPriorSD", "", false, -1, false, false },
        { "Invoke-LmmFit", "FixedEffectPriorCovariance", "", false, -1, false, false },
        { "Invoke-LmmFit", "PriorScale", "", false, -1, false, false },
        { "Invoke-LmmFit", "PriorObjective", "", false, -1, false, false },
        { "Invoke-LmmFit", "DegreesOfFreedom", "", false, -1, false, false },
        { "Test-LmmFixedEffect", "Fit", "Fit", true, 0, true, false },
        { "Test-LmmFixedEffect", "Contrast", "", false, -1, false, false },
        { "Test-LmmFixedEffect", "Joint", "", false, -1, false, false },
        { "Test-LmmFixedEffect", "Method", "", false, -1, false, false },
        { "Invoke-LmmBootstrap", "Fit", "Fit", true, 0, true, false },
        { "Invoke-LmmBootstrap", "Replicates", "", false, -1, false, false },
        { "Invoke-LmmBootstrap", "Seed", "", false, -1, false, false },
        { "Invoke-LmmBootstrap", "ThrottleLimit", "", false, -1, false, false },
        { "Get-LmmProfile", "Fit", "Fit", true, 0, true, false },
        { "Get-LmmProfile", "Parameter", "Fit", false, -1, false, false },
        { "Get-LmmProfile", "Level", "Fit", false, -1, false, false },
        { "Get-LmmProfile", "Threshold", "Fit", false, -1, false, false },
        { "Get-LmmProfile", "IntervalOnly", "Fit", false, -1, false, false },
        { "Get-LmmProfile", "Design", "Point", true, -1, true, true },
        { "Get-LmmProfile", "Theta", "Point", true, -1, false, false },
        { "Get-LmmProfile", "Method", "Point", false, -1, false, true },
        { "Test-LmmGradient", "Fit", "Fit", true, 0, true, false },
        { "Test-LmmGradient", "Design", "Point", true, -1, true, true },
        { "Test-LmmGradient", "Theta", "Point", true, -1, false, false },
        { "Test-LmmGradient", "Method", "Point", false, -1, false, true },
        { "Test-LmmGradient", "FixedEffectPriorSD", "Point", false, -1, false, false },
        { "Test-LmmGradient", "FixedEffectPriorCovariance", "Point", false, -1, false, false },
        { "Test-LmmGradient", "PriorScale", "Point", false, -1, false, false },
        { "Test-LmmGradient", "PriorObjective", "Point", false, -1, false, false },
        { "Test-LmmGradient", "Step", "", false, -1, false, false },
        { "Test-LmmGradient", "Tolerance", "", false, -1, false, false },
        { "Test-LmmGradient", "Quiet", "", false, -1, false, false },
        { "Get-LmmPrediction", "Fit", "", true, 0, false, false },
        { "Get-LmmPrediction", "InputObject", "Pipeline", true, -1, true, false },
        { "Get-LmmPrediction", "Path", "Path", true, 1, false, false },
        { "Get-LmmPrediction", "LiteralPath", "LiteralPath", true, -1, false, false },
        { "Get-LmmPrediction", "RandomEffects", "", false, -1, false, false },
        { "Get-LmmPrediction", "NewLevels", "", false, -1, false, false },
        { "Get-LmmPrediction", "Delimiter", "Path", false, -1, false, false },
        { "Get-LmmResidual", "Fit", "", true, 0, true, false },
        { "Get-LmmResidual", "NoLeverage", "", false, -1, false, false },
        { "Compare-LmmFit", "Fit", "", true, 0, true, false },
        { "Compare-LmmFit", "NoRefit", "", false, -1, false, false },
        { "Export-LmmPlot", "InputObject", "", true, -1, true, false },
        { "Export-LmmPlot", "Kind", "", true, 0, false, false },
        { "Export-LmmPlot", "Path", "", true, 1, false, false },
        { "Export-LmmPlot", "Width", "", false, -1, false, false },
        { "Export-LmmPlot", "Height", "", false, -1, false, false },
        { "Export-LmmPlot", "Title", "", false, -1, false, false },
        { "Export-LmmPlot", "Force", "", false, -1, false, false },
    };

    private static Type Cmdlet(string name) => AttributeData.CmdletTypes().Single(t => AttributeData.CmdletName(t) == name);

    [Fact]
    public void The_module_has_exactly_its_cmdlets_each_in_its_own_file_named_after_it()
    {
        var names = AttributeData.CmdletTypes().Select(AttributeData.CmdletName).OrderBy(n => n, StringComparer.Ordinal);
        Assert.Equal(new[] { "Compare-LmmFit", "Export-LmmPlot", "Get-LmmPrediction", "Get-LmmProfile", "Get-LmmResidual", "Invoke-LmmBootstrap", "Invoke-LmmFit", "New-LmmDesign", "Test-LmmFixedEffect", "Test-LmmGradient" }, names);
        foreach (var type in AttributeData.CmdletTypes())
        {
            Assert.Equal(AttributeData.CmdletName(type).Replace("-", string.Empty) + "Command", type.Name);
            Assert.True(File.Exists(Path.Combine(ModulePaths.ModuleSource, "Commands", type.Name + ".cs")), type.Name);
        }
    }

    [Theory]
    [MemberData(nameof(ExpectedParameters))]
    public void Parameter_metadata_matches_the_design(string cmdlet, string parameter, string set, bool mandatory, int position, bool byValue, bool byPropertyName)
    {
        var property = Cmdlet(cmdlet).GetProperty(parameter);
        Assert.NotNull(property);
        var data = AttributeData.Of<ParameterAttribute>(property!)
            .SingleOrDefault(a => ((string?)AttributeData.Named(a, "ParameterSetName") ?? string.Empty) == set);
        Assert.True(data is not null, $"{cmdlet} -{parameter} has no [Parameter] for set '{set}'.");
        Assert.Equal(mandatory, AttributeData.NamedBool(data!, "Mandatory"));
        Assert.Equal(position, AttributeData.Named(data!, "Position") as int? ?? -1);
        Assert.Equal(byValue, AttributeData.NamedBool(data!, "ValueFromPipeline"));
        Assert.Equal(byPropertyName, AttributeData.NamedBool(data!, "ValueFromPipelineByPropertyName"));
    }

    [Theory]
    [InlineData("New-LmmDesign", "Path", new[] { "Path", "LiteralPath", "Pipeline" })]
    [InlineData("Invoke-LmmFit", "Design", new[] { "Design", "Path", "LiteralPath", "Pipeline" })]
    [InlineData("Get-LmmProfile", "Fit", new[] { "Fit", "Point" })]
    [InlineData("Test-LmmGradient", "Fit", new[] { "Fit", "Point" })]
    [InlineData("Get-LmmPrediction", "Pipeline", new[] { "Pipeline", "Path", "LiteralPath" })]
    [InlineData("Test-LmmFixedEffect", "Fit", new[] { "Fit" })]
    [InlineData("Invoke-LmmBootstrap", "Fit", new[] { "Fit" })]
    public void Parameter_sets_and_default_set(string cmdlet, string defaultSet, string[] sets)
    {
        var type = Cmdlet(cmdlet);
        var attribute = AttributeData.Of<CmdletAttribute>(type).Single();
        Assert.Equal(defaultSet, AttributeData.Named(attribute, "DefaultParameterSetName"));
        var declared = AttributeData.Parameters(type)
            .SelectMany(p => AttributeData.Of<ParameterAttribute>(p).Select(a => (string?)AttributeData.Named(a, "ParameterSetName")))
            .Where(s => s is not null).Distinct().OrderBy(s => s, StringComparer.Ordinal);
        Assert.Equal(sets.OrderBy(s => s, StringComparer.Ordinal), declared);
    }

    [Fact]
    public void Every_parameter_set_has_exactly_one_parameter_that_takes_pipeline_input_by_value()
    {
        // Two by-value parameters in one set would make PowerShell's binding depend on type coercion order.
        foreach (var type in AttributeData.CmdletTypes())
        {
            var perSet = AttributeData.Parameters(type)
                .SelectMany(p => AttributeData.Of<ParameterAttribute>(p).Select(a => (Set: (string?)AttributeData.Named(a, "ParameterSetName") ?? "", ByValue: AttributeData.NamedBool(a, "ValueFromPipeline"))))
                .Where(x => x.Set.Length > 0)
                .GroupBy(x => x.Set);
            foreach (var set in perSet)
            {
                int byValue = set.Count(x => x.ByValue);
                bool isFileSet = set.Key is "Path" or "LiteralPath";
                Assert.True(isFileSet ? byValue == 0 : byValue == 1, $"{type.Name} set {set.Key}: {byValue} by-value parameters");
            }
        }
    }

    [Theory]
    [InlineData("New-LmmDesign", "LiteralPath", new[] { "PSPath", "LP" })]
    [InlineData("New-LmmDesign", "Categorical", new[] { "Factor" })]
    [InlineData("New-LmmDesign", "Ordered", new[] { "OrderedFactor" })]
    [InlineData("Invoke-LmmFit", "MaxEvaluations", new[] { "MaxFun" })]
    [InlineData("Invoke-LmmFit", "LiteralPath", new[] { "PSPath", "LP" })]
    [InlineData("Get-LmmPrediction", "LiteralPath", new[] { "PSPath", "LP" })]
    public void Aliases(string cmdlet, string parameter, string[] aliases)
    {
        var data = AttributeData.Of<AliasAttribute>(Cmdlet(cmdlet).GetProperty(parameter)!).Single();
        Assert.Equal(aliases, AttributeData.ArrayArgument(data).Cast<string>());
    }

    [Theory]
    [InlineData("New-LmmDesign", new[] { typeof(LmmDesign) })]
    [InlineData("Invoke-LmmFit", new[] { typeof(LmmFit) })]
    [InlineData("Get-LmmProfile", new[] { typeof(LmmProfile), typeof(LmmProfileInterval), typeof(LmmObjectivePoint) })]
    [InlineData("Test-LmmGradient", new[] { typeof(LmmGradientRow), typeof(bool) })]
    [InlineData("Get-LmmPrediction", new[] { typeof(PSObject) })]
    [InlineData("Get-LmmResidual", new[] { typeof(LmmResidual) })]
    [InlineData("Compare-LmmFit", new[] { typeof(LmmComparison) })]
    [InlineData("Test-LmmFixedEffect", new[] { typeof(LmmFTest), typeof(LmmContrastTest) })]
    [InlineData("Invoke-LmmBootstrap", new[] { typeof(LmmBootstrap) })]
    [InlineData("Export-LmmPlot", new[] { typeof(FileInfo) })]
    public void Output_types(string cmdlet, Type[] types)
    {
        var declared = AttributeData.Of<OutputTypeAttribute>(Cmdlet(cmdlet)).SelectMany(AttributeData.ArrayArgument).Cast<Type>();
        Assert.Equal(types.Select(t => t.FullName).OrderBy(n => n), declared.Select(t => t.FullName).OrderBy(n => n));
    }

    [Fact]
    public void Get_LmmProfile_declares_its_output_type_per_parameter_set()
    {
        var byType = AttributeData.Of<OutputTypeAttribute>(typeof(GetLmmProfileCommand))
            .ToDictionary(a => ((Type)AttributeData.ArrayArgument(a).Single()!).Name,
                a => ((IEnumerable<System.Reflection.CustomAttributeTypedArgument>)AttributeData.Named(a, "ParameterSetName")!).Single().Value);
        Assert.Equal("Fit", byType[nameof(LmmProfile)]);
        Assert.Equal("Fit", byType[nameof(LmmProfileInterval)]);
        Assert.Equal("Point", byType[nameof(LmmObjectivePoint)]);
    }

    [Fact]
    public void No_cmdlet_holds_an_engine_value_type_in_a_field_or_exposes_an_engine_type_as_a_parameter()
    {
        // A field of an engine struct or enum makes the CLR load LmmPS.Core while PowerShell reflects over the cmdlet
        // types, which can happen before the module initializer has installed the AssemblyLoadContext resolver.
        // The plot builder lives in the same isolated context (it brings OxyPlot), so the same rule holds for it.
        var engine = typeof(LmmException).Assembly;
        var plotting = typeof(LmmPS.Plotting.PlotDocument).Assembly;
        foreach (var type in AttributeData.CmdletTypes())
        {
            for (var t = type; t is not null && t != typeof(PSCmdlet); t = t.BaseType)
            {
                foreach (var field in t.GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.DeclaredOnly))
                {
                    Assert.False(field.FieldType.IsValueType && field.FieldType.Assembly == engine, $"{t.Name}.{field.Name} is {field.FieldType}");
                    Assert.False(field.FieldType.Assembly == plotting, $"{t.Name}.{field.Name} is {field.FieldType}");
                }
            }
            foreach (var parameter in AttributeData.Parameters(type))
            {
                Assert.NotEqual(engine, parameter.PropertyType.Assembly);
                Assert.NotEqual(plotting, parameter.PropertyType.Assembly);
            }
        }
    }

    [Fact]
    public void The_module_initializer_mentions_no_engine_type()
    {
        var engine = typeof(LmmException).Assembly;
        var initializer = typeof(LmmPS.Loading.ModuleInitializer);
        Assert.Contains(typeof(IModuleAssemblyInitializer), initializer.GetInterfaces());
        Assert.Contains(typeof(IModuleAssemblyCleanup), initializer.GetInterfaces());
        var flags = System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public;
        foreach (var method in initializer.GetMethods(flags))
        {
            Assert.NotEqual(engine, method.ReturnType.Assembly);
            Assert.All(method.GetParameters(), p => Assert.NotEqual(engine, p.ParameterType.Assembly));
        }
        Assert.All(initializer.GetFields(flags), f => Assert.NotEqual(engine, f.FieldType.Assembly));
    }
}
