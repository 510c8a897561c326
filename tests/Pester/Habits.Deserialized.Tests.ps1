# Issue 16 item 6: a fit that went through Export-Clixml/Import-Clixml or a job prints like the live fit, and piping
# it on rebuilds it from its recorded formula, options and data file, or stops with DeserializedFit.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $PSDefaultParameterValues = @{}
    $DyeMl = Get-Content -Raw -LiteralPath (Find-LmmTestFile -Kind 'reference' -Name 'Dyestuff_ML.json') | ConvertFrom-Json
    $copy = Join-Path $TestDrive 'Dyestuff.csv'
    Copy-Item -LiteralPath $DyestuffCsv -Destination $copy
    $live = Invoke-LmmFit 'Yield ~ 1 + (1 | Batch)' -Path $copy -Method ML
    $xml = Join-Path $TestDrive 'fit.xml'
    $live | Export-Clixml -LiteralPath $xml
}

Describe 'A deserialized fit' {
    It 'is a property bag, not a live fit' {
        $back = Import-Clixml -LiteralPath $xml
        $back.PSObject.TypeNames | Should -Contain 'Deserialized.LmmPS.LmmFit'
        $back | Should -Not -BeOfType 'LmmPS.LmmFit'
    }

    It 'prints the same summary as the live fit' {
        $back = Import-Clixml -LiteralPath $xml
        $text = $back | Out-String -Width 120
        $text | Should -Be ($live | Out-String -Width 120)
        $text | Should -Match 'Linear mixed model fit by maximum likelihood'
    }

    It 'from a thread job prints the same too' {
        $fromJob = Start-ThreadJob { $using:xml | ForEach-Object { Import-Clixml -LiteralPath $_ } } | Receive-Job -Wait -AutoRemoveJob
        ($fromJob | Out-String -Width 120) | Should -Be ($live | Out-String -Width 120)
    }

    It 'pipes into Get-LmmProfile: rebuilt from its data file, the profile interval is lme4''s' {
        $back = Import-Clixml -LiteralPath $xml
        $at = [array]::IndexOf([string[]]$DyeMl.profile_ci.parameter, 'sigma')
        $row = $back | Get-LmmProfile -Parameter sigma -IntervalOnly
        Assert-Close $row.Lower $DyeMl.profile_ci.lower[$at] 1e-3
        Assert-Close $row.Upper $DyeMl.profile_ci.upper[$at] 1e-3
    }

    It 'pipes into Test-LmmGradient and Invoke-LmmFit' {
        $back = Import-Clixml -LiteralPath $xml
        ($back | Test-LmmGradient -Quiet) | Should -BeTrue
        $reml = $back | Invoke-LmmFit -Method REML
        $DyeReml = Get-Content -Raw -LiteralPath (Find-LmmTestFile -Kind 'reference' -Name 'Dyestuff_REML.json') | ConvertFrom-Json
        Assert-Close $reml.Objective $DyeReml.objective 1e-6
    }

    It 'whose data file is gone stops with DeserializedFit saying how to refit' {
        $gone = Join-Path $TestDrive 'gone.csv'
        Copy-Item -LiteralPath $DyestuffCsv -Destination $gone
        $path = Join-Path $TestDrive 'gone.xml'
        Invoke-LmmFit 'Yield ~ 1 + (1 | Batch)' -Path $gone | Export-Clixml -LiteralPath $path
        Remove-Item -LiteralPath $gone
        $back = Import-Clixml -LiteralPath $path
        $back | Get-LmmProfile -ErrorAction SilentlyContinue -ErrorVariable failed
        $failed[0].FullyQualifiedErrorId | Should -Be 'DeserializedFit,LmmPS.Commands.GetLmmProfileCommand'
        $failed[0].Exception.Message | Should -Match 'Invoke-LmmFit'
        $failed[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
    }

    It 'whose data file changed stops with DeserializedFit instead of profiling another fit' {
        $changed = Join-Path $TestDrive 'changed.csv'
        Copy-Item -LiteralPath $DyestuffCsv -Destination $changed
        $path = Join-Path $TestDrive 'changed.xml'
        Invoke-LmmFit 'Yield ~ 1 + (1 | Batch)' -Path $changed | Export-Clixml -LiteralPath $path
        $lines = Get-Content -LiteralPath $changed
        $lines[1] = 'A,1700'
        Set-Content -LiteralPath $changed -Value $lines
        { Import-Clixml -LiteralPath $path | Test-LmmGradient -ErrorAction Stop } | Should -Throw -ErrorId 'DeserializedFit,*'
    }

    It 'fitted from pipeline rows stops with DeserializedFit' {
        $path = Join-Path $TestDrive 'rows.xml'
        Import-Csv -LiteralPath $DyestuffCsv | Invoke-LmmFit 'Yield ~ 1 + (1 | Batch)' | Export-Clixml -LiteralPath $path
        { Import-Clixml -LiteralPath $path | Get-LmmProfile -ErrorAction Stop } | Should -Throw -ErrorId 'DeserializedFit,*'
    }
}
