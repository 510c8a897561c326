# Issue 17 item 8: Ctrl+C (PowerShell.Stop()) during a long evaluation. Stop waits for the engine to stop (it checks the
# token once per block of its kernels, level of its gradient, row of its average information), so it must come back
# quickly, in the Stopped state, with no error. The bound is generous (10 s on a loaded 2-core machine; the bench
# probe measures 0.3 s): it catches a Stop that waits for a whole evaluation, which on this model is minutes.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')

    # y ~ x + (f | g): f has 100 levels, so the term has 100 columns and 5,050 covariance parameters; its gradient
    # and average-information matrix take minutes per evaluation.
    $script:LongCsv = Join-Path $TestDrive 'long-evaluation.csv'
    $random = [Random]::new(7)
    $text = [Text.StringBuilder]::new("y,x,f,g`n")
    for ($i = 0; $i -lt 20000; $i++) {
        $x = $random.NextDouble()
        $f = $random.Next(100)
        $null = $text.Append(('{0:R},{1:R},f{2},g{3}' -f ($random.NextDouble() + 0.5 * $x + 0.01 * $f), $x, $f, $random.Next(50))).Append("`n")
    }
    [IO.File]::WriteAllText($script:LongCsv, $text.ToString())
}

Describe 'Stopping a long Invoke-LmmFit' {
    It 'returns from Stop within 10 s, Stopped, once the fit is evaluating' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($Manifest, $Path)
                    Import-Module $Manifest
                    Invoke-LmmFit -Formula 'y ~ x + (f | g)' -Path $Path -Verbose
                }).AddArgument($manifestPath).AddArgument($script:LongCsv)
            $async = $ps.BeginInvoke()
            # 'Evaluation 1: ...' is the first evaluation's value: the gradient and curvature follow, minutes of work.
            $deadline = [datetime]::UtcNow.AddSeconds(300)
            $evaluating = { @($ps.Streams.Verbose | Where-Object Message -like 'Evaluation 1:*').Count -gt 0 }
            while (-not $async.IsCompleted -and [datetime]::UtcNow -lt $deadline -and -not (& $evaluating)) {
                Start-Sleep -Milliseconds 50
            }
            $async.IsCompleted | Should -BeFalse -Because 'the stop must reach the fit while it evaluates'
            & $evaluating | Should -BeTrue
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 10
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            @($ps.Streams.Error).Count | Should -Be 0
        }
        finally { $ps.Dispose() }
    }
}
