namespace LmmPS.Core.Data;

/// <summary>Reads CSV (RFC 4180, header row) into typed columns with CsvHelper.</summary>
public static class CsvDataReader
{
    /// <summary>Reads a file. Throws <see cref="Common.LmmException"/> naming the file, row and column of any problem.</summary>
    public static DataFrame ReadFile(string path, DataReadOptions? options = null) => throw new NotImplementedException();

    /// <summary>Reads CSV text from a reader; <paramref name="sourceName"/> names it in error messages.</summary>
    public static DataFrame Read(TextReader reader, DataReadOptions? options = null, string sourceName = "<input>") => throw new NotImplementedException();
}
