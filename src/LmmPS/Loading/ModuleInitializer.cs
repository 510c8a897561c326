using System.Management.Automation;
using System.Reflection;
#if NET
using System.Runtime.Loader;
#endif

namespace LmmPS.Loading;

/// <summary>
/// Runs when PowerShell imports LmmPS.dll. On PowerShell 7 (the net8.0 build) the engine assembly LmmPS.Core and
/// the plot builder LmmPS.Plotting sit in <c>Dependencies/</c> beside LmmPS.dll, where neither the default context nor PowerShell's own resolver looks.
/// When the cmdlets first touch an engine type, the default context fails to find LmmPS.Core and raises
/// <c>Resolving</c>; we answer with the copy loaded into <see cref="EngineLoadContext"/>, and that context then
/// resolves the engine's own dependencies from the same folder. Only LmmPS.Core and LmmPS.Plotting are handed out
/// this way: the cmdlets never reference MathNet, CsvHelper or OxyPlot types, so those never need to cross between
/// contexts.
/// On Windows PowerShell (netstandard2.0 build) there are no load contexts; dependencies sit beside LmmPS.dll and
/// the LoadFrom context finds them there.
/// This class must not mention engine types: it runs before the engine can be resolved.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    internal const string EngineAssemblyName = "LmmPS.Core";
    internal const string PlottingAssemblyName = "LmmPS.Plotting";
    internal const string DependencyFolderName = "Dependencies";

#if NET
    private static readonly object Gate = new();
    private static EngineLoadContext? _context;
    private static bool _registered;
#endif

    public void OnImport()
    {
#if NET
        lock (Gate)
        {
            if (_registered)
                return;
            var moduleDirectory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? AppContext.BaseDirectory;
            _context ??= new EngineLoadContext(Path.Combine(moduleDirectory, DependencyFolderName));
            AssemblyLoadContext.Default.Resolving += ResolveEngine;
            _registered = true;
        }
#endif
    }

    public void OnRemove(PSModuleInfo psModuleInfo)
    {
#if NET
        // The engine stays loaded (a non-collectible context cannot unload); we only stop answering for it so a
        // re-import registers cleanly.
        lock (Gate)
        {
            if (!_registered)
                return;
            AssemblyLoadContext.Default.Resolving -= ResolveEngine;
            _registered = false;
        }
#endif
    }

#if NET
    private static Assembly? ResolveEngine(AssemblyLoadContext defaultContext, AssemblyName name)
    {
        bool ours = string.Equals(name.Name, EngineAssemblyName, StringComparison.Ordinal)
            || string.Equals(name.Name, PlottingAssemblyName, StringComparison.Ordinal);
        if (!ours || _context is null)
            return null;
        return _context.LoadFromAssemblyName(name);
    }
#endif
}
