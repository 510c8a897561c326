namespace LmmPS.Core.LinearAlgebra.Sparse;

/// <summary>A fill-reducing ordering by approximate minimum degree (Amestoy, Davis and Duff 1996; Davis, "Direct
/// Methods for Sparse Linear Systems", ch. 7), written from the papers' description of the method:
/// <list type="bullet">
/// <item>The quotient graph: eliminating a variable p makes it an element whose variable set L_p is p's
/// neighbourhood (its variables plus the variables of the elements it touched, which are absorbed). The filled
/// graph is never formed: an edge between two variables is implied by an element they share.</item>
/// <item>Approximate external degrees: for each i in L_p, d_i = |A_i| + |L_p \ i| + sum over i's other elements e of
/// |L_e \ L_p|, capped by d_i(old) + |L_p \ i| and by the variables left. |L_e \ L_p| comes from one pass over
/// L_p (w(e) = |L_e| minus the weights of L_p's members in it), so the update costs the size of the lists touched.</item>
/// <item>Aggressive absorption: an element with w(e) = 0 lies inside L_p and is absorbed into it.</item>
/// <item>Supervariables: variables of L_p with identical variable and element lists (found by a hash, confirmed by
/// comparing) merge into one weighted variable and are eliminated together (mass elimination).</item>
/// </list>
/// Degrees live in bucket lists; ties go to the most recently inserted variable, so the result is deterministic.
/// Lists are per variable and cleaned lazily (absorbed elements and merged variables are skipped and dropped),
/// simpler than the in-place compressed workspace of the papers at the price of some memory.</summary>
internal static class MinimumDegreeOrdering
{
    private const byte Variable = 0, Merged = 1, Element = 2, Absorbed = 3;

    /// <summary>The ordering: result[k] is the original index eliminated k-th.</summary>
    public static int[] Compute(SymmetricPattern pattern)
    {
        int n = pattern.Order;
        var (starts, neighbours) = pattern.Adjacency();
        var variables = new List<int>?[n];
        var elements = new List<int>?[n];
        var elementMembers = new List<int>?[n];
        var kind = new byte[n];
        var weight = new int[n];
        var degree = new int[n];
        var elementWeight = new int[n];
        var memberNext = new int[n];
        var memberLast = new int[n];
        var buckets = new DegreeBuckets(n);
        for (int i = 0; i < n; i++)
        {
            var list = new List<int>(starts[i + 1] - starts[i]);
            for (int k = starts[i]; k < starts[i + 1]; k++) list.Add(neighbours[k]);
            variables[i] = list;
            elements[i] = new List<int>();
            weight[i] = 1;
            degree[i] = list.Count;
            memberNext[i] = -1;
            memberLast[i] = i;
        }
        for (int i = n - 1; i >= 0; i--) buckets.Insert(i, degree[i]);

        var mark = new int[n];
        var w = new int[n];
        var wStamp = new int[n];
        var hash = new long[n];
        var compareMark = new int[n];
        int stamp = 0, compareStamp = 0;
        var order = new int[n];
        int eliminated = 0;
        while (eliminated < n)
        {
            int p = buckets.RemoveMinimum();
            stamp++;
            mark[p] = stamp;

            // L_p: p's variables and the variables of its elements, which L_p absorbs.
            var lp = new List<int>();
            foreach (int v in variables[p]!)
                if (kind[v] == Variable && mark[v] != stamp) { mark[v] = stamp; lp.Add(v); }
            foreach (int e in elements[p]!)
            {
                if (kind[e] != Element) continue;
                foreach (int v in elementMembers[e]!)
                    if (kind[v] == Variable && mark[v] != stamp) { mark[v] = stamp; lp.Add(v); }
                kind[e] = Absorbed;
                elementMembers[e] = null;
            }
            int lpWeight = 0;
            foreach (int i in lp) lpWeight += weight[i];
            kind[p] = Element;
            elementMembers[p] = lp;
            elementWeight[p] = lpWeight;
            variables[p] = null;
            elements[p] = null;
            for (int m = p; m >= 0; m = memberNext[m]) order[eliminated++] = m;
            int left = n - eliminated;
            foreach (int i in lp) buckets.Remove(i);

            // w(e) = |L_e \ L_p| for every element next to L_p.
            foreach (int i in lp)
                foreach (int e in elements[i]!)
                    if (kind[e] == Element)
                    {
                        if (wStamp[e] != stamp) { wStamp[e] = stamp; w[e] = elementWeight[e]; }
                        w[e] -= weight[i];
                    }

            // Clean each member's lists, absorb elements inside L_p, and bound its new degree.
            foreach (int i in lp)
            {
                long h = p;
                int d = lpWeight - weight[i];
                var ei = elements[i]!;
                int write = 0;
                for (int k = 0; k < ei.Count; k++)
                {
                    int e = ei[k];
                    if (kind[e] != Element) continue;
                    if (w[e] == 0) { kind[e] = Absorbed; elementMembers[e] = null; continue; }
                    ei[write++] = e;
                    d += w[e];
                    h += e;
                }
                ei.RemoveRange(write, ei.Count - write);
                ei.Add(p);
                var vi = variables[i]!;
                write = 0;
                for (int k = 0; k < vi.Count; k++)
                {
                    int v = vi[k];
                    // Variables of L_p are now joined through p; p itself is an element.
                    if (kind[v] != Variable || mark[v] == stamp) continue;
                    vi[write++] = v;
                    d += weight[v];
                    h += v;
                }
                vi.RemoveRange(write, vi.Count - write);
                d = Math.Min(d, degree[i] + lpWeight - weight[i]);
                d = Math.Max(0, Math.Min(d, left - weight[i]));
                degree[i] = d;
                hash[i] = h;
            }

            // Supervariables: members of L_p with the same element and variable lists.
            var byHash = new Dictionary<long, List<int>>();
            foreach (int i in lp)
            {
                if (!byHash.TryGetValue(hash[i], out var group)) byHash[hash[i]] = group = new List<int>();
                group.Add(i);
            }
            foreach (int i in lp)
            {
                var group = byHash[hash[i]];
                if (group.Count < 2 || kind[i] != Variable) continue;
                foreach (int j in group)
                {
                    if (j == i || kind[j] != Variable || !SameLists(i, j, elements, variables, compareMark, ref compareStamp)) continue;
                    weight[i] += weight[j];
                    degree[i] = Math.Max(0, degree[i] - weight[j]);
                    weight[j] = 0;
                    kind[j] = Merged;
                    variables[j] = null;
                    elements[j] = null;
                    memberNext[memberLast[i]] = j;
                    memberLast[i] = memberLast[j];
                }
            }
            lp.RemoveAll(v => kind[v] != Variable);
            foreach (int i in lp) buckets.Insert(i, degree[i]);
        }
        return order;
    }

    private static bool SameLists(int i, int j, List<int>?[] elements, List<int>?[] variables, int[] compareMark, ref int compareStamp)
    {
        var ei = elements[i]!; var ej = elements[j]!;
        var vi = variables[i]!; var vj = variables[j]!;
        if (ei.Count != ej.Count || vi.Count != vj.Count) return false;
        compareStamp++;
        foreach (int e in ei) compareMark[e] = compareStamp;
        foreach (int v in vi) compareMark[v] = compareStamp;
        foreach (int e in ej) if (compareMark[e] != compareStamp) return false;
        foreach (int v in vj) if (compareMark[v] != compareStamp) return false;
        return true;
    }

    /// <summary>Variables by degree in doubly linked lists, with a moving lower bound on the smallest degree.</summary>
    private sealed class DegreeBuckets
    {
        private readonly int[] _head, _next, _previous, _degree;
        private int _minimum;

        public DegreeBuckets(int n)
        {
            _head = new int[n + 1];
            _next = new int[n];
            _previous = new int[n];
            _degree = new int[n];
            for (int d = 0; d <= n; d++) _head[d] = -1;
            for (int i = 0; i < n; i++) _degree[i] = -1;
        }

        public void Insert(int i, int degree)
        {
            _degree[i] = degree;
            _previous[i] = -1;
            _next[i] = _head[degree];
            if (_head[degree] >= 0) _previous[_head[degree]] = i;
            _head[degree] = i;
            if (degree < _minimum) _minimum = degree;
        }

        public void Remove(int i)
        {
            int d = _degree[i];
            if (d < 0) return;
            if (_previous[i] >= 0) _next[_previous[i]] = _next[i];
            else _head[d] = _next[i];
            if (_next[i] >= 0) _previous[_next[i]] = _previous[i];
            _degree[i] = -1;
        }

        public int RemoveMinimum()
        {
            while (_head[_minimum] < 0) _minimum++;
            int i = _head[_minimum];
            Remove(i);
            return i;
        }
    }
}
