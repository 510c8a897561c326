#if NET
using System.Reflection;
using System.Runtime.Loader;

namespace LmmPS.Loading;

/// <summary>
/// The AssemblyLoadContext the engine and its dependencies (MathNet.Numerics, CsvHelper) live in on PowerShell 7.
/// Another module may have loaded other versions of those libraries into the default context; because this context
/// resolves them from our own Dependencies folder first, both versions coexist. Anything not in that folder
/// (the framework, System.Management.Automation) falls through to the default context.
/// </summary>
internal sealed class EngineLoadContext : AssemblyLoadContext
{
    private readonly string _dependencyDirectory;

    public EngineLoadContext(string dependencyDirectory)
        : base("LmmPS.Engine", isCollectible: false)
    {
        _dependencyDirectory = dependencyDirectory;
    }

    public string DependencyDirectory => _dependencyDirectory;

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var path = Path.Combine(_dependencyDirectory, assemblyName.Name + ".dll");
        return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
    }
}
#endif
