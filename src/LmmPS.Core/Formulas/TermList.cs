namespace LmmPS.Core.Formulas;

/// <summary>An ordered, duplicate-free list of terms, each a set of variable indices: R's term algebra
/// (model.c's PlusTerms, InteractTerms, CrossTerms, NestTerms, DeleteTerms) on sets instead of bit strings.
/// A term is stored as ascending indices, so <c>a:b</c> and <c>b:a</c> are the same term.</summary>
internal sealed class TermList
{
    private readonly List<int[]> terms = new();
    private readonly HashSet<string> keys = new(StringComparer.Ordinal);

    public static TermList Empty => new();

    public int Count => terms.Count;

    public IReadOnlyList<int[]> Terms => terms;

    public static TermList Single(int variable)
    {
        var list = new TermList();
        list.Add(new[] { variable });
        return list;
    }

    /// <summary><c>left + right</c>: concatenation, first occurrence kept.</summary>
    public static TermList Plus(TermList left, TermList right)
    {
        var result = Copy(left);
        foreach (var term in right.terms)
        {
            result.Add(term);
        }

        return result;
    }

    /// <summary><c>this + other</c> in place: for a sum's running list, which nothing else holds. (Plus copies its left
    /// operand, so a chain of 20,000 '+' terms copied the growing list 20,000 times: 13 s, issue 17.)</summary>
    public void AddAll(TermList other)
    {
        foreach (var term in other.terms)
        {
            Add(term);
        }
    }

    /// <summary><c>left:right</c>: the union of every left term with every right term, left varying slowest.</summary>
    public static TermList Interact(TermList left, TermList right)
    {
        var result = new TermList();
        foreach (var l in left.terms)
        {
            foreach (var r in right.terms)
            {
                result.Add(Union(l, r));
            }
        }

        return result;
    }

    /// <summary><c>left*right</c> = <c>left + right + left:right</c>.</summary>
    public static TermList Cross(TermList left, TermList right) => Plus(Plus(left, right), Interact(left, right));

    /// <summary><c>left/right</c> = <c>left + (all of left's variables):right</c>, so <c>a/b</c> is
    /// <c>a + a:b</c> and <c>(a + b)/c</c> is <c>a + b + a:b:c</c>.</summary>
    public static TermList Nest(TermList left, TermList right)
    {
        var allLeft = Array.Empty<int>();
        foreach (var l in left.terms)
        {
            allLeft = Union(allLeft, l);
        }

        var result = Copy(left);
        foreach (var r in right.terms)
        {
            result.Add(Union(allLeft, r));
        }

        return result;
    }

    /// <summary><c>left - right</c>: left without the terms that also appear in right.</summary>
    public static TermList Delete(TermList left, TermList right)
    {
        var result = new TermList();
        foreach (var term in left.terms)
        {
            if (!right.keys.Contains(Key(term)))
            {
                result.Add(term);
            }
        }

        return result;
    }

    /// <summary>R's final order: by number of variables, then as they came (a stable sort).</summary>
    public IReadOnlyList<int[]> InModelOrder() => terms.OrderBy(t => t.Length).ToList();

    private static TermList Copy(TermList source)
    {
        var copy = new TermList();
        foreach (var term in source.terms)
        {
            copy.Add(term);
        }

        return copy;
    }

    private void Add(int[] term)
    {
        // R drops empty terms (e.g. what '1:a' would leave); they never occur here but are harmless to skip.
        if (term.Length > 0 && keys.Add(Key(term)))
        {
            terms.Add(term);
        }
    }

    /// <summary>The sorted union of two ascending index arrays, by merging.</summary>
    private static int[] Union(int[] a, int[] b)
    {
        var result = new List<int>(a.Length + b.Length);
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            int next = j >= b.Length || (i < a.Length && a[i] <= b[j]) ? a[i] : b[j];
            if (result.Count == 0 || result[result.Count - 1] != next)
            {
                result.Add(next);
            }

            if (i < a.Length && a[i] == next) i++;
            if (j < b.Length && b[j] == next) j++;
        }

        return result.ToArray();
    }

    private static string Key(int[] term) => string.Join(",", term);
}
