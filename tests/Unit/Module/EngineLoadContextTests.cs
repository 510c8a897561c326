using System.Reflection;
using System.Runtime.Loader;
using LmmPS.Core.Common;
using LmmPS.Loading;

namespace LmmPS.Tests.Module;

/// <summary>The isolation the net8.0 build relies on under PowerShell 7: the engine and its dependencies load into
/// the module's own context from its folder, as separate copies from the default context's.</summary>
public class EngineLoadContextTests
{
    [Fact]
    public void The_engine_and_its_dependencies_load_into_the_module_context_not_the_default_one()
    {
        // The test output folder holds LmmPS.Core.dll, LmmPS.Plotting.dll and their dependencies, like Dependencies/.
        var context = new EngineLoadContext(AppContext.BaseDirectory);
        var engine = context.LoadFromAssemblyName(new AssemblyName(ModuleInitializer.EngineAssemblyName));
        Assert.Same(context, AssemblyLoadContext.GetLoadContext(engine));
        Assert.NotSame(typeof(LmmException).Assembly, engine);

        // The engine's dependencies resolve through the same context (its Load override), not the default one.
        foreach (var name in new[] { "MathNet.Numerics", "CsvHelper", ModuleInitializer.PlottingAssemblyName, "OxyPlot" })
        {
            var dependency = context.LoadFromAssemblyName(new AssemblyName(name));
            Assert.Same(context, AssemblyLoadContext.GetLoadContext(dependency));
        }
    }

    [Fact]
    public void Framework_assemblies_fall_through_to_the_default_context()
    {
        var context = new EngineLoadContext(AppContext.BaseDirectory);
        var runtime = context.LoadFromAssemblyName(typeof(object).Assembly.GetName());
        Assert.Same(typeof(object).Assembly, runtime);
    }
}
