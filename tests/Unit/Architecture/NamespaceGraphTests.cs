using System.Text.RegularExpressions;
using LmmPS.Tests.Module;

namespace LmmPS.Tests.Architecture;

/// <summary>Issue 14 item 9: the engine's namespaces form a layered graph without cycles (docs/architecture.md,
/// "Layers"). The same reading as tools/namespace-dependencies.py, in C# so the test needs only the .NET SDK: a file's
/// namespace is its file-scoped <c>namespace X;</c>; A -> B when a file in A names a type declared (not private) only
/// in B, comments and string literals stripped. It reads names, not semantics: a member spelled like a type of another
/// namespace counts too, so the few such names are listed in <see cref="NameOnly"/> with the reason.</summary>
public class NamespaceGraphTests
{
    private static readonly Regex Declaration =
        new(@"^\s*((?:\w+\s+)*)(?:class|struct|interface|enum|record(?:\s+struct)?)\s+([A-Z]\w*)", RegexOptions.Multiline);

    private static readonly Regex Namespace = new(@"^namespace\s+([\w.]+)", RegexOptions.Multiline);

    /// <summary>(namespace or "*" for any, word) pairs that are not a use of the type of that name, but a member spelled
    /// like it: LmmException.Column is a string property (the column an error names), not LmmPS.Core.Data.Column;
    /// LinearMixedModel.WorkingDesign (read wherever the model's rows are) is the whitened ModelDesign the model is
    /// factored from, not LmmPS.Core.Inference.WorkingDesign (the tests' reparametrised design).</summary>
    private static readonly HashSet<(string Namespace, string Word)> NameOnly = new()
    {
        ("LmmPS.Core.Common", "Column"),
        ("*", "WorkingDesign"),
    };

    /// <summary>namespace -> namespace -> the words (type(file)) behind the edge.</summary>
    internal static Dictionary<string, SortedDictionary<string, SortedSet<string>>> Graph(IEnumerable<(string File, string Text)> files)
    {
        var parsed = new List<(string File, string Namespace, string Code)>();
        var declaredIn = new Dictionary<string, HashSet<string>>();
        foreach (var (file, text) in files)
        {
            var ns = Namespace.Match(text);
            if (!ns.Success) continue;
            string code = Regex.Replace(Regex.Replace(text, @"//.*", ""), @"""(?:\\.|[^""\\])*""", "\"\"");
            parsed.Add((file, ns.Groups[1].Value, code));
            foreach (Match d in Declaration.Matches(code))
            {
                if (d.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("private")) continue;
                if (!declaredIn.TryGetValue(d.Groups[2].Value, out var owners)) declaredIn[d.Groups[2].Value] = owners = new HashSet<string>();
                owners.Add(ns.Groups[1].Value);
            }
        }
        var edges = new Dictionary<string, SortedDictionary<string, SortedSet<string>>>();
        foreach (var (file, ns, code) in parsed)
        {
            foreach (var word in Regex.Matches(code, @"\b[A-Z]\w*\b").Select(m => m.Value).Distinct())
            {
                if (!declaredIn.TryGetValue(word, out var owners) || owners.Count != 1) continue;
                string target = owners.First();
                if (target == ns || NameOnly.Contains((ns, word)) || NameOnly.Contains(("*", word))) continue;
                if (!edges.TryGetValue(ns, out var targets)) edges[ns] = targets = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
                if (!targets.TryGetValue(target, out var why)) targets[target] = why = new SortedSet<string>(StringComparer.Ordinal);
                why.Add($"{word}({Path.GetFileName(file)})");
            }
        }
        return edges;
    }

    /// <summary>Every cycle's namespaces (strongly connected components of more than one namespace), each with the
    /// edges inside it.</summary>
    internal static List<string> Cycles(Dictionary<string, SortedDictionary<string, SortedSet<string>>> edges)
    {
        // Tarjan's strongly connected components.
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var components = new List<List<string>>();
        int next = 0;
        void Visit(string v)
        {
            index[v] = low[v] = next++;
            stack.Push(v);
            onStack.Add(v);
            if (edges.TryGetValue(v, out var targets))
                foreach (var w in targets.Keys)
                {
                    if (!index.ContainsKey(w)) { Visit(w); low[v] = Math.Min(low[v], low[w]); }
                    else if (onStack.Contains(w)) low[v] = Math.Min(low[v], index[w]);
                }
            if (low[v] != index[v]) return;
            var component = new List<string>();
            string x;
            do { x = stack.Pop(); onStack.Remove(x); component.Add(x); } while (x != v);
            if (component.Count > 1) components.Add(component);
        }
        foreach (var v in edges.Keys.OrderBy(k => k, StringComparer.Ordinal))
            if (!index.ContainsKey(v)) Visit(v);
        return components.Select(c =>
        {
            var members = new HashSet<string>(c);
            var inside = c.OrderBy(k => k, StringComparer.Ordinal).SelectMany(a => edges[a]
                .Where(e => members.Contains(e.Key)).Select(e => $"  {a} -> {e.Key}: {string.Join(", ", e.Value.Take(8))}"));
            return $"cycle over {string.Join(", ", c.OrderBy(k => k, StringComparer.Ordinal))}:\n{string.Join("\n", inside)}";
        }).ToList();
    }

    private static IEnumerable<(string, string)> Engine()
    {
        var root = Path.Combine(ModulePaths.RepositoryRoot, "src", "LmmPS.Core");
        return Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Any(p => p is "obj" or "bin"))
            .Select(f => (f, File.ReadAllText(f)));
    }

    [Fact]
    public void The_engines_namespaces_have_no_cycle()
    {
        var edges = Graph(Engine());
        // The reading works: the layers docs/architecture.md names are there, in the direction it names.
        Assert.True(edges.Count >= 10, $"only {edges.Count} namespaces with dependencies");
        Assert.Contains("LmmPS.Core.Model", edges["LmmPS.Core.Gradients"].Keys);
        Assert.Contains("LmmPS.Core.Gradients", edges["LmmPS.Core.Fitting"].Keys);
        var cycles = Cycles(edges);
        Assert.True(cycles.Count == 0, "Namespace cycles in src/LmmPS.Core (docs/architecture.md, Layers):\n" + string.Join("\n", cycles) +
            "\nMove the type to the layer that owns it; if a word above is a member spelled like a type of another namespace, add it to NameOnly with the reason.");
    }

    [Fact]
    public void A_cycle_of_three_namespaces_is_found_with_the_types_behind_it()
    {
        var files = new[]
        {
            ("A.cs", "namespace N.A;\ninternal sealed class Alpha { private Beta? _b; }\n"),
            ("B.cs", "namespace N.B;\npublic static class Beta { public static Gamma Make() => null!; }\n"),
            ("C.cs", "namespace N.C;\n// Delta is only named in a comment: Alpha\ninternal enum Gamma { One }\ninternal class Delta { string s = \"Alpha\"; }\n"),
            ("D.cs", "namespace N.D;\ninternal class Epsilon { Alpha a; }\n"),
        };
        var edges = Graph(files);
        Assert.Empty(Cycles(edges));
        Assert.False(edges.ContainsKey("N.C"));
        var closing = files.Append(("C2.cs", "namespace N.C;\ninternal class Zeta { Alpha? a; }\n"));
        var cycle = Assert.Single(Cycles(Graph(closing)));
        Assert.Contains("N.A, N.B, N.C", cycle);
        Assert.Contains("N.C -> N.A: Alpha(C2.cs)", cycle);
        Assert.DoesNotContain("N.D", cycle);
    }
}
