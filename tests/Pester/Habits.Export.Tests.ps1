# Issue 16 item 9: output that survives export. Rows carry Formula and Source; a fit exports as one flat CSV row and
# as JSON without TimeSpan blobs; a #TYPE line from Windows PowerShell's Export-Csv is skipped on reading.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $PSDefaultParameterValues = @{}
    $sleep = Invoke-LmmFit $SleepFormula -Path $SleepCsv
    $dye = Invoke-LmmFit 'Yield ~ 1 + (1 | Batch)' -Path $DyestuffCsv
    $DyeReml = Get-Content -Raw -LiteralPath (Find-LmmTestFile -Kind 'reference' -Name 'Dyestuff_REML.json') | ConvertFrom-Json
}

Describe 'Rows of several fits stay apart' {
    It 'fixed effects, variance components, random effects and profile rows carry Formula and Source' {
        $rows = $sleep, $dye | ForEach-Object FixedEffects
        ($rows | Group-Object Formula).Count | Should -Be 2
        ($rows | Where-Object Source -eq $DyestuffCsv).Name | Should -Be '(Intercept)'
        Assert-Close ($rows | Where-Object { $_.Formula -eq $SleepFormula -and $_.Name -eq 'Days' }).Estimate $SleepReml.beta.Days 1e-4
        ($sleep.VarianceComponents | Select-Object -Unique Source).Source | Should -Be $SleepCsv
        ($dye.RandomEffects | Select-Object -First 1).Formula | Should -Be 'Yield ~ 1 + (1 | Batch)'
        $interval = $dye | Get-LmmProfile -Parameter sigma -IntervalOnly
        $interval.Formula | Should -Be 'Yield ~ 1 + (1 | Batch)'
        $interval.Source | Should -Be $DyestuffCsv
    }
}

Describe '$fits | Export-Csv' {
    It 'writes one flat row per fit with the fit criteria' {
        $path = Join-Path $TestDrive 'fits.csv'
        $sleep, $dye | Export-Csv -LiteralPath $path -NoTypeInformation
        $back = Import-Csv -LiteralPath $path
        $back.Count | Should -Be 2
        $names = $back[0].PSObject.Properties.Name
        foreach ($name in 'Formula', 'Source', 'Method', 'Observations', 'Objective', 'LogLik', 'AIC', 'BIC', 'Sigma', 'Converged', 'Singular', 'Evaluations', 'ElapsedSeconds', 'Groups') {
            $names | Should -Contain $name
        }
        (Get-Content -LiteralPath $path -Raw) | Should -Not -Match 'System\.'
        Assert-Close ([double]$back[1].Objective) $DyeReml.objective 1e-6
        $back[0].Groups | Should -Be 'Subject, 18'
    }

    It 'ConvertTo-Json has no TimeSpan and keeps the rows' {
        $json = $sleep | ConvertTo-Json -Depth 3 | ConvertFrom-Json
        $json.PSObject.Properties.Name | Should -Not -Contain 'Elapsed'
        $json.ElapsedSeconds | Should -BeOfType [double]
        Assert-Close ($json.FixedEffects | Where-Object Name -eq 'Days').Estimate $SleepReml.beta.Days 1e-4
    }

    It 'the hidden row properties are still there for scripts' {
        $sleep.FixedEffects.Count | Should -Be 2
        ($sleep | Get-Member -Force -Name FixedEffects) | Should -Not -BeNullOrEmpty
    }
}

Describe 'A #TYPE first line' {
    It 'is skipped, as Import-Csv skips it' {
        $path = Join-Path $TestDrive 'typed.csv'
        $lines = @('#TYPE System.Management.Automation.PSCustomObject') + (Get-Content -LiteralPath $DyestuffCsv)
        Set-Content -LiteralPath $path -Value $lines
        $fit = Invoke-LmmFit 'Yield ~ 1 + (1 | Batch)' -Path $path
        Assert-Close $fit.Objective $DyeReml.objective 1e-6
    }
}
