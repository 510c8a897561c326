namespace LmmPS.Bench;

/// <summary>--name value pairs after the verb; unknown or valueless options are usage errors.</summary>
internal sealed class BenchArguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public BenchArguments(IEnumerable<string> args, params string[] known)
    {
        var list = args.ToList();
        for (int i = 0; i < list.Count; i++)
        {
            string a = list[i];
            if (!a.StartsWith("--", StringComparison.Ordinal) || !known.Contains(a.Substring(2)))
                throw new UsageException($"Unknown option '{a}'. Options: {string.Join(", ", known.Select(k => "--" + k))}.");
            if (i + 1 >= list.Count)
                throw new UsageException($"Option '{a}' needs a value.");
            _values[a.Substring(2)] = list[++i];
        }
    }

    public string Required(string name) =>
        _values.TryGetValue(name, out var v) ? v : throw new UsageException($"Option --{name} is required.");

    public string? Optional(string name) => _values.TryGetValue(name, out var v) ? v : null;

    public int Int(string name, int fallback)
    {
        var v = Optional(name);
        if (v is null) return fallback;
        return int.TryParse(v, out int i) && i > 0 ? i : throw new UsageException($"Option --{name} must be a positive whole number, not '{v}'.");
    }
}

internal sealed class UsageException(string message) : Exception(message);
