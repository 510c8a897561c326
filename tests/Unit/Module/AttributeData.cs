using System.Management.Automation;
using System.Reflection;

namespace LmmPS.Tests.Module;

/// <summary>
/// Reads PowerShell attributes as metadata (<see cref="CustomAttributeData"/>): the PowerShellStandard stub's
/// attribute classes return empty values when instantiated, but the arguments written in the source are in the
/// metadata.
/// </summary>
internal static class AttributeData
{
    public static readonly Assembly ModuleAssembly = typeof(LmmPS.LmmFit).Assembly;

    public static IEnumerable<Type> CmdletTypes() =>
        ModuleAssembly.GetTypes().Where(t => !t.IsAbstract && Of<CmdletAttribute>(t).Any()).OrderBy(t => t.Name, StringComparer.Ordinal);

    public static IEnumerable<CustomAttributeData> Of<T>(MemberInfo member) =>
        member.GetCustomAttributesData().Where(a => a.AttributeType == typeof(T));

    public static object? Named(CustomAttributeData data, string name) =>
        data.NamedArguments.Where(a => a.MemberName == name).Select(a => a.TypedValue.Value).FirstOrDefault();

    public static bool NamedBool(CustomAttributeData data, string name) => Named(data, name) is true;

    public static string CmdletName(Type cmdlet)
    {
        var data = Of<CmdletAttribute>(cmdlet).Single();
        return $"{data.ConstructorArguments[0].Value}-{data.ConstructorArguments[1].Value}";
    }

    /// <summary>The public properties PowerShell binds as parameters (those with at least one [Parameter]).</summary>
    public static IEnumerable<PropertyInfo> Parameters(Type cmdlet) =>
        cmdlet.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => Of<ParameterAttribute>(p).Any());

    /// <summary>Values of a params-array constructor argument (Alias("a", "b"), OutputType(typeof(x), typeof(y))).</summary>
    public static IEnumerable<object?> ArrayArgument(CustomAttributeData data) =>
        data.ConstructorArguments.SelectMany(arg => arg.Value is IEnumerable<CustomAttributeTypedArgument> items
            ? items.Select(i => i.Value)
            : new[] { arg.Value });
}
