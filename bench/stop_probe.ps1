# Issue 17 item 8: how long after Ctrl+C (PowerShell.Stop()) the CPU is free. Starts Invoke-LmmFit in a runspace of
# this process, lets it run -WaitSeconds, stops it, and samples this process's CPU time once a second until a second
# passes with less than 0.1 s of CPU (free) or -ObserveSeconds run out. Prints one JSON line.
#   pwsh -NoProfile -File bench/stop_probe.ps1 -Module out/LmmPS -Data probe.csv -Formula 'y ~ x + (f | g)'
param(
    [Parameter(Mandatory)] [string] $Module,
    [Parameter(Mandatory)] [string] $Data,
    [Parameter(Mandatory)] [string] $Formula,
    [double] $WaitSeconds = 20,
    [double] $ObserveSeconds = 120,
    [string] $Label = ''
)
$ps = [powershell]::Create()
$null = $ps.AddScript("Import-Module '$Module'; Invoke-LmmFit -Formula '$Formula' -Path '$Data'")
$handle = $ps.BeginInvoke()
Start-Sleep -Seconds $WaitSeconds
$runningBefore = $ps.InvocationStateInfo.State
$cpuAtStop = (Get-Process -Id $PID).TotalProcessorTime.TotalSeconds
$clock = [Diagnostics.Stopwatch]::StartNew()
$ps.Stop()
$stopSeconds = $clock.Elapsed.TotalSeconds
$state = $ps.InvocationStateInfo.State
$previous = (Get-Process -Id $PID).TotalProcessorTime.TotalSeconds
$freeAfter = $null
while ($clock.Elapsed.TotalSeconds -lt $ObserveSeconds) {
    $windowStart = $clock.Elapsed.TotalSeconds
    Start-Sleep -Milliseconds 1000
    $cpu = (Get-Process -Id $PID).TotalProcessorTime.TotalSeconds
    if ($cpu - $previous -lt 0.1) { $freeAfter = $windowStart; break }
    $previous = $cpu
}
$cpuAfterStop = (Get-Process -Id $PID).TotalProcessorTime.TotalSeconds - $cpuAtStop
[ordered]@{
    label = $Label; state_before_stop = "$runningBefore"; stop_returned_seconds = [math]::Round($stopSeconds, 3)
    state = "$state"; cpu_free_after_seconds = $freeAfter; cpu_seconds_after_stop = [math]::Round($cpuAfterStop, 2)
    observed_seconds = [math]::Round($clock.Elapsed.TotalSeconds, 1)
} | ConvertTo-Json -Compress
$ps.Dispose()
