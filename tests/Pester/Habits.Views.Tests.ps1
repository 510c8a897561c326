# Issue 16 item 10: the fit's view reads like lme4's print(summary(fit)), and every table view fits 80 columns.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $PSDefaultParameterValues = @{}
    function Get-Lme4Print([string] $Name) {
        Get-Content -LiteralPath (Find-LmmTestFile -Kind 'reference' -Name "lme4_print/$Name.txt") | ForEach-Object TrimEnd
    }
    $ml = Invoke-LmmFit $SleepFormula -Path $SleepCsv -Method ML -DegreesOfFreedom None   # lme4's table; lmerTest's df columns are issue 18's
    $reml = Invoke-LmmFit $SleepFormula -Path $SleepCsv
    $penicillin = Invoke-LmmFit 'diameter ~ 1 + (1 | plate) + (1 | sample)' -Path (Find-LmmTestFile -Kind 'data' -Name 'Penicillin.csv')
}

Describe 'The fit view against lme4 1.1.31''s print' {
    It 'ML: the AIC / BIC / logLik / deviance / df.resid rows are lme4''s' {
        $lme4 = Get-Lme4Print 'sleepstudy_ML'
        $ours = ($ml | Out-String -Width 120) -split "`r?`n" | ForEach-Object TrimEnd
        $at = [array]::IndexOf($lme4, ($lme4 | Where-Object { $_ -match '^\s+AIC' }))
        $ours | Should -Contain $lme4[$at]
        $ours | Should -Contain $lme4[$at + 1]
        # The fixed-effects table: our estimates agree with lme4's to the digits printed.
        $ours | Should -Contain ($lme4 | Where-Object { $_ -like 'Days *' } | Select-Object -First 1)
    }

    It 'REML: the REML criterion alone, as lme4 prints it, and no AIC' {
        $ours = ($reml | Out-String -Width 120) -split "`r?`n" | ForEach-Object TrimEnd
        $ours | Should -Contain ((Get-Lme4Print 'sleepstudy_REML') | Where-Object { $_ -like 'REML criterion*' })
        ($ours -match 'AIC') | Should -BeNullOrEmpty
    }

    It 'a Corr column only where a term has correlations' {
        ($reml | Out-String) | Should -Match 'Std\.Dev\. Corr'
        $text = ($penicillin | Out-String -Width 120) -split "`r?`n" | ForEach-Object TrimEnd
        $text | Should -Contain ' Groups   Name        Variance Std.Dev.'
        $text | Should -Contain 'Number of obs: 144, groups:  plate, 24; sample, 6'
    }
}

Describe 'Table views fit 80 columns' {
    It 'no line of any default view is wider than 80 at Out-String -Width 80, and no header wraps' {
        $profile = $ml | Get-LmmProfile -Parameter sigma
        $views = @{
            Fit = $ml; FixedEffect = $ml.FixedEffects; VarianceComponent = $ml.VarianceComponents
            RandomEffect = $ml.RandomEffects | Select-Object -First 4; ProfileInterval = $profile.Intervals
            ProfilePoint = $profile.Points | Select-Object -First 4; Gradient = $ml | Test-LmmGradient
        }
        foreach ($name in $views.Keys) {
            $lines = ($views[$name] | Out-String -Width 80) -split "`r?`n"
            ($lines | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessOrEqual 80 -Because $name
            if ($name -ne 'Fit') {
                $header = @($lines | Where-Object { $_.Trim() })[0..1]
                $header[1] | Should -Match '^[-\s]+$' -Because "$name's header is one line"
            }
        }
    }
}
