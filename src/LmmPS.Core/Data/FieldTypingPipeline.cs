using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace LmmPS.Core.Data;

/// <summary>Types the fields of data rows (missing test, number parsing, level look-up) on a second thread while the
/// caller's thread parses the next rows with CsvHelper: the two halves cost about the same on a large file, so a
/// second core nearly halves the wall time. Rows travel in batches, in order, and each column is typed by one
/// thread only, so the columns come out exactly as a sequential read makes them, errors included: a typing error
/// is always for an earlier row than the parser has reached, so it is reported first (see <see cref="Complete"/>).
/// Files shorter than one batch, and single-core machines, are typed on the caller's thread.</summary>
internal sealed class FieldTypingPipeline
{
    private const int BatchRows = 2048;
    private const int QueuedBatches = 4;

    private readonly ColumnAccumulator[] _columns;
    private readonly ColumnRules _rules;
    private readonly bool _parallel;
    private readonly ConcurrentQueue<string[]> _spare = new();
    private BlockingCollection<Batch>? _queue;
    private Task? _consumer;
    private Exception? _failure;
    private string[] _fields;
    private int _rows;

    public FieldTypingPipeline(ColumnAccumulator[] columns, ColumnRules rules)
    {
        _columns = columns;
        _rules = rules;
        _parallel = Environment.ProcessorCount > 1;
        _fields = new string[BatchRows * columns.Length];
    }

    /// <summary>The row's fields, in column order, are at fields(0..width-1).</summary>
    public void Add(Func<int, string> field)
    {
        int width = _columns.Length, o = _rows * width;
        for (int c = 0; c < width; c++) _fields[o + c] = field(c);
        if (++_rows == BatchRows) Dispatch();
    }

    /// <summary>Types every row added and throws the first typing error, as a sequential read would. Call it at the
    /// end, and also when parsing fails (at a later row than any added): an error typing an earlier row is then
    /// thrown instead, so the first problem in the file is the one reported.</summary>
    public void Complete()
    {
        if (_rows > 0) Dispatch();
        if (_queue is not null)
        {
            _queue.CompleteAdding();
            _consumer!.Wait();
            _queue.Dispose();
            _queue = null;
        }
        ThrowIfFailed();
    }

    private void Dispatch()
    {
        var batch = new Batch(_fields, _rows);
        _rows = 0;
        if (!_parallel)
        {
            Type(batch);
            return;
        }
        ThrowIfFailed();
        if (_queue is null)
        {
            _queue = new BlockingCollection<Batch>(QueuedBatches);
            _consumer = Task.Factory.StartNew(Consume, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        _queue.Add(batch);
        _fields = _spare.TryDequeue(out var spare) ? spare : new string[_fields.Length];
    }

    private void Consume()
    {
        foreach (var batch in _queue!.GetConsumingEnumerable())
        {
            // After a failure keep draining, so the parsing thread never blocks on a full queue.
            if (Volatile.Read(ref _failure) is not null) continue;
            try { Type(batch); }
            catch (Exception e) { Volatile.Write(ref _failure, e); }
            Array.Clear(batch.Fields, 0, batch.Fields.Length);
            _spare.Enqueue(batch.Fields);
        }
    }

    private void ThrowIfFailed()
    {
        var failure = Volatile.Read(ref _failure);
        if (failure is not null) ExceptionDispatchInfo.Capture(failure).Throw();
    }

    private void Type(Batch batch)
    {
        int width = _columns.Length;
        for (int r = 0; r < batch.Rows; r++)
        {
            int o = r * width;
            for (int c = 0; c < width; c++)
            {
                var text = batch.Fields[o + c];
                if (_rules.IsMissing(text)) _columns[c].AddMissing();
                else _columns[c].AddText(text);
            }
        }
    }

    private readonly struct Batch
    {
        public Batch(string[] fields, int rows)
        {
            Fields = fields;
            Rows = rows;
        }

        public string[] Fields { get; }

        public int Rows { get; }
    }
}
