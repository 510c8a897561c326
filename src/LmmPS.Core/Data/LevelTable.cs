namespace LmmPS.Core.Data;

/// <summary>Label -> level code for a categorical column while it is read: one look-up per field, millions per
/// large file, so it is an open-addressing table of codes (linear probing, power-of-two size, at most half full)
/// with each label's hash kept beside it, so a probe compares an int before it touches the string. The hash is a
/// multiplicative one over the characters (cheaper than the runtime's string hash for short labels), seeded per
/// table so that no fixed set of labels collides in every run.</summary>
internal sealed class LevelTable
{
    private static readonly Random SeedSource = new();
    private readonly uint _seed;
    private readonly List<string> _labels = new();
    private readonly List<uint> _hashes = new();
    // Every label's characters back to back (label k at _starts[k]): the equality check of a hit reads this dense
    // buffer instead of a string object somewhere on the heap, which is a cache miss per field on a large table.
    private char[] _chars = new char[256];
    private readonly List<int> _starts = new() { 0 };
    // Slot -> code + 1 (0 = empty).
    private int[] _slots = new int[64];

    public LevelTable()
    {
        lock (SeedSource) _seed = (uint)SeedSource.Next() | 1u;
    }

    /// <summary>Labels in order of first appearance; index = code.</summary>
    public List<string> Labels => _labels;

    public int Count => _labels.Count;

    /// <summary>The label's code, adding it with the next code when new (<paramref name="added"/> then true).</summary>
    public int GetOrAdd(string label, out bool added)
    {
        uint hash = Hash(label);
        int mask = _slots.Length - 1;
        int slot = (int)(hash & (uint)mask);
        while (true)
        {
            int entry = _slots[slot];
            if (entry == 0) break;
            int code = entry - 1;
            if (_hashes[code] == hash && SameChars(code, label))
            {
                added = false;
                return code;
            }
            slot = (slot + 1) & mask;
        }
        int newCode = _labels.Count;
        _labels.Add(label);
        _hashes.Add(hash);
        int start = _starts[newCode];
        if (start + label.Length > _chars.Length) Array.Resize(ref _chars, Math.Max(2 * _chars.Length, start + label.Length));
        label.CopyTo(0, _chars, start, label.Length);
        _starts.Add(start + label.Length);
        _slots[slot] = newCode + 1;
        if (2 * _labels.Count > _slots.Length) Grow();
        added = true;
        return newCode;
    }

    private bool SameChars(int code, string label)
    {
        int start = _starts[code];
        if (_starts[code + 1] - start != label.Length) return false;
        for (int i = 0; i < label.Length; i++)
            if (_chars[start + i] != label[i]) return false;
        return true;
    }

    private uint Hash(string label)
    {
        // FNV-1a style over UTF-16 units from a per-table seed, then a final mix so the low bits (the slot) depend
        // on every character.
        uint h = _seed;
        for (int i = 0; i < label.Length; i++)
            h = (h ^ label[i]) * 16777619u;
        h ^= h >> 15;
        h *= 0x2C1B3C6Du;
        h ^= h >> 12;
        return h;
    }

    private void Grow()
    {
        var slots = new int[_slots.Length * 2];
        int mask = slots.Length - 1;
        for (int code = 0; code < _labels.Count; code++)
        {
            int slot = (int)(_hashes[code] & (uint)mask);
            while (slots[slot] != 0) slot = (slot + 1) & mask;
            slots[slot] = code + 1;
        }
        _slots = slots;
    }
}
