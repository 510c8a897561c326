using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using LmmPS.Core.Common;

namespace LmmPS.Core.Data;

/// <summary>Reads CSV (RFC 4180, header row) into typed columns with CsvHelper.</summary>
public static class CsvDataReader
{
    private const int BufferSize = 1 << 16;

    /// <summary>The longest field read, in characters.</summary>
    internal const int MaxFieldLength = 1_000_000;

    /// <summary>Reads a file. Throws <see cref="Common.LmmException"/> naming the file, row and column of any problem.</summary>
    public static DataFrame ReadFile(string path, DataReadOptions? options = null)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw DataErrors.Create("FileNotFound", LmmErrorCategory.InvalidArgument,
                "No data file path was given. Pass the path of a CSV file.", path: path);
        if (!File.Exists(path))
        {
            if (Directory.Exists(path))
                throw DataErrors.Create("FileUnreadable", LmmErrorCategory.ReadError,
                    $"'{path}' is a directory, not a file. Pass the path of a CSV file.", path: path);
            throw DataErrors.Create("FileNotFound", LmmErrorCategory.ObjectNotFound,
                $"Data file '{path}' does not exist (full path: '{SafeFullPath(path)}'). Check the path.", path: path);
        }

        StreamReader reader;
        try
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, BufferSize, FileOptions.SequentialScan);
            reader = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, BufferSize);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException or System.Security.SecurityException)
        {
            throw Unreadable(path, e);
        }

        using (reader)
        {
            try
            {
                return Read(reader, options, path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw Unreadable(path, e);
            }
        }
    }

    /// <summary>Reads CSV text from a reader; <paramref name="sourceName"/> names it in error messages.</summary>
    public static DataFrame Read(TextReader reader, DataReadOptions? options = null, string sourceName = "<input>")
    {
        if (reader is null) throw new ArgumentNullException(nameof(reader));
        var rules = new ColumnRules(options);
        var progress = new CsvProgress();
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = rules.Options.Delimiter.ToString(),
            HasHeaderRecord = true,
            // Blank lines come through as records so that every record's first line is the previous record's last
            // line + 1 (exact line numbers in errors); they are skipped below, as R's read.csv skips them.
            IgnoreBlankLines = false,
            TrimOptions = TrimOptions.None,
            BufferSize = BufferSize,
            // CsvHelper's default is to throw its own BadDataException (or, with a null callback, to keep going after
            // a bad quote has swallowed the rest of the file); report it with our ErrorIds instead.
            BadDataFound = args => throw BadQuote(args.Field, progress, sourceName),
            MissingFieldFound = null,
            // A field longer than this is not data (issue 17: -Path /dev/zero read 4.3 GB into one field before an
            // OverflowException); CsvHelper stops at it with MaxFieldSizeException.
            MaxFieldSize = MaxFieldLength,
        };

        try
        {
            using var csv = new CsvReader(reader, config, leaveOpen: true);
            return ReadRecords(csv, rules, progress, sourceName);
        }
        catch (MaxFieldSizeException e)
        {
            throw DataErrors.Create("FieldTooLong", LmmErrorCategory.InvalidData,
                $"A field{DataErrors.InSource(sourceName)} near data row {progress.DataRows + 1} (line {progress.RecordLine}) is longer than " +
                $"{MaxFieldLength:N0} characters, so this is not a delimited text file of data (or a quote is never closed). Check the path and the file's format.",
                row: progress.DataRows + 1, path: sourceName, inner: e);
        }
        catch (CsvHelperException e)
        {
            throw DataErrors.Create("CsvParseError", LmmErrorCategory.InvalidData,
                $"The CSV{DataErrors.InSource(sourceName)} could not be parsed near data row {progress.DataRows + 1} (line {progress.RecordLine}): {FirstLine(e.Message)}",
                row: progress.DataRows + 1, path: sourceName, inner: e);
        }
    }

    private static DataFrame ReadRecords(CsvReader csv, ColumnRules rules, CsvProgress progress, string source)
    {
        var parser = csv.Parser;
        string[]? names = null;
        ColumnAccumulator[]? columns = null;
        FieldTypingPipeline? typing = null;
        Func<int, string> field = c => parser[c];

        try
        {
            while (true)
            {
                progress.BeforeRead();
                if (!csv.Read()) break;
                progress.RecordRead(parser.RawRow);
                long line = progress.RecordLine;
                int fieldCount = parser.Count;
                if (fieldCount == 1 && parser[0].Length == 0 && IsBlankLine(parser.RawRecord)) continue;

                if (columns is null && line == 1 && IsTypeInformationLine(parser.RawRecord)) continue;

                if (columns is null)
                {
                    names = ReadHeader(parser, fieldCount, line, source);
                    var columnRules = rules.Resolve(names, source);
                    columns = new ColumnAccumulator[names.Length];
                    for (int c = 0; c < names.Length; c++) columns[c] = new ColumnAccumulator(names[c], columnRules[c], source);
                    typing = new FieldTypingPipeline(columns, rules);
                    progress.HeaderRead();
                    continue;
                }

                if (fieldCount != columns.Length)
                    throw DataErrors.Create("RaggedRow", LmmErrorCategory.InvalidData,
                        $"Data row {progress.DataRows + 1} (line {line}){DataErrors.InSource(source)} has {fieldCount} field(s) but the header has {columns.Length} " +
                        $"({string.Join(", ", names!)}). Check that row for a missing or extra '{rules.Options.Delimiter}' or an unquoted value containing it.",
                        row: progress.DataRows + 1, path: source);

                typing!.Add(field);
                progress.DataRowRead();
            }
        }
        catch (Exception) when (typing is not null)
        {
            // Parsing failed at this row; an error typing an earlier row comes first, as in a sequential read.
            typing.Complete();
            throw;
        }

        if (columns is null)
            throw DataErrors.Create("EmptyFile", LmmErrorCategory.InvalidData,
                $"The CSV{DataErrors.InSource(source)} is empty. It needs a header row and at least one data row.", path: source);
        if (progress.DataRows == 0)
            throw DataErrors.Create("NoDataRows", LmmErrorCategory.InvalidData,
                $"The CSV{DataErrors.InSource(source)} has a header ({string.Join(", ", names!)}) but no data rows.", path: source);
        typing!.Complete();

        var built = new Column[columns.Length];
        for (int c = 0; c < columns.Length; c++) built[c] = columns[c].Build();
        return new DataFrame(built);
    }

    private static string[] ReadHeader(IParser parser, int fieldCount, long line, string source)
    {
        var names = new string[fieldCount];
        for (int c = 0; c < fieldCount; c++) names[c] = parser[c];
        // A reader handed to us (rather than a file we opened) may still carry the UTF-8 byte order mark.
        if (names[0].Length > 0 && names[0][0] == '\uFEFF') names[0] = names[0].Substring(1);
        ColumnNameCheck.Check(names, $"the header (line {line})", source);
        return names;
    }

    /// <summary>Windows PowerShell 5.1's Export-Csv writes "#TYPE System.Management.Automation.PSCustomObject" above the
    /// header unless told -NoTypeInformation; Import-Csv skips it, and so do we (first line only).</summary>
    private static bool IsTypeInformationLine(string rawRecord) =>
        rawRecord.StartsWith("#TYPE ", StringComparison.Ordinal);

    private static bool IsBlankLine(string rawRecord)
    {
        foreach (var ch in rawRecord)
            if (ch != '\r' && ch != '\n') return false;
        return true;
    }

    private static LmmException BadQuote(string field, CsvProgress progress, string source)
    {
        int quotes = field.Count(ch => ch == '"');
        bool unbalanced = field.Length > 0 && field[0] == '"' && quotes % 2 == 1;
        string where = progress.HeaderDone
            ? $"data row {progress.DataRows + 1} (line {progress.RecordLine})"
            : $"the header (line {progress.RecordLine})";
        long? row = progress.HeaderDone ? progress.DataRows + 1 : null;
        if (unbalanced)
            throw DataErrors.Create("UnbalancedQuote", LmmErrorCategory.InvalidData,
                $"A quoted field in {where}{DataErrors.InSource(source)} is never closed: {DataErrors.Show(field)}. " +
                "Everything after the opening quote would be read as one field. Add the closing quote, or double a quote that belongs to the value (\"\").",
                row: row, path: source);
        throw DataErrors.Create("StrayQuote", LmmErrorCategory.InvalidData,
            $"A field in {where}{DataErrors.InSource(source)} has a quote in the wrong place: {DataErrors.Show(field)}. " +
            "Quote the whole field and double the quotes inside it (\"a \"\"b\"\" c\").",
            row: row, path: source);
    }

    private static LmmException Unreadable(string path, Exception e) =>
        DataErrors.Create("FileUnreadable", LmmErrorCategory.ReadError,
            $"Data file '{path}' could not be read: {e.Message} Check that it is a readable file and not locked.", path: path, inner: e);

    private static string SafeFullPath(string path)
    {
        try { return Path.GetFullPath(path); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException or System.Security.SecurityException) { return path; }
    }

    private static string FirstLine(string message)
    {
        int end = message.IndexOfAny(new[] { '\r', '\n' });
        return end < 0 ? message : message.Substring(0, end);
    }

    /// <summary>Where the reader is, for error locations. CsvHelper's BadDataFound callback runs either inside Read
    /// (while it looks for the record's end) or later, when a field is first accessed; <see cref="RecordLine"/> is
    /// the first line of the record concerned in both cases.</summary>
    private sealed class CsvProgress
    {
        private long _lastRecordEndLine;
        private long _currentRecordLine;
        private bool _inRecord;

        public int DataRows { get; private set; }

        public bool HeaderDone { get; private set; }

        public long RecordLine => _inRecord ? _currentRecordLine : _lastRecordEndLine + 1;

        public void BeforeRead() => _inRecord = false;

        public void RecordRead(long recordEndLine)
        {
            _currentRecordLine = _lastRecordEndLine + 1;
            _lastRecordEndLine = recordEndLine;
            _inRecord = true;
        }

        public void HeaderRead() => HeaderDone = true;

        public void DataRowRead() => DataRows++;
    }
}
