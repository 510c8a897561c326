BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
}

Describe 'Invoke-LmmFit' {
    BeforeAll {
        $fit = Import-Csv $SleepCsv | Invoke-LmmFit 'Reaction ~ Days + (Days|Subject)'
    }

    It 'fits sleepstudy as a one-liner, matching lme4' {
        $fit | Should -BeOfType 'LmmPS.LmmFit'
        $fit.Method | Should -Be 'REML'
        $fit.Converged | Should -BeTrue
        Assert-Close $fit.Objective $SleepReml.objective 1e-6
        Assert-Close $fit.Sigma $SleepReml.sigma 1e-3
        Assert-Close ($fit.FixedEffects | Where-Object Name -eq 'Days').Estimate $SleepReml.beta.Days 1e-4
        Assert-Close ($fit.FixedEffects | Where-Object Name -eq 'Days').StdError $SleepReml.beta_se.Days 1e-3
        Assert-Close $fit.AIC $SleepReml.AIC 1e-6
    }

    It 'flattens the tables for Where-Object, Sort-Object and Export-Csv' {
        ($fit.VarianceComponents | Where-Object Group -eq 'Residual').StdDev | Should -BeGreaterThan 25
        $top = $fit.RandomEffects | Where-Object Name -eq 'Days' | Sort-Object Mode -Descending | Select-Object -First 1
        $top.Level | Should -Be '308'
        $csv = Join-Path $TestDrive 'varcomp.csv'
        $fit.VarianceComponents | Export-Csv $csv -NoTypeInformation
        $back = Import-Csv $csv
        $back.Count | Should -Be 3
        Assert-Close ([double]$back[1].Correlation) $SleepReml.varcomp[0].correlation[1][0] 1e-3
    }

    It 'serialises to JSON without the engine internals' {
        $json = $fit | ConvertTo-Json -Depth 4
        $json | Should -Not -Match 'FixedEffectsCovariance'
        ($json | ConvertFrom-Json).FixedEffects.Count | Should -Be 2
    }

    It 'shows an lme4-style summary by default' {
        $text = $fit | Out-String
        $text | Should -Match 'REML criterion at convergence: 1743\.62'
        $text | Should -Match 'Random effects:'
        $text | Should -Match 'Fixed effects:'
        $text | Should -Match 'Number of obs: 180, groups: Subject, 18'
    }

    It 'refits a fit piped back in by ML' {
        $ml = $fit | Invoke-LmmFit -Method ML
        $ml.Method | Should -Be 'ML'
        Assert-Close $ml.Objective $SleepMl.objective 1e-6
    }

    It 'fits a design from New-LmmDesign and files given by -Path' {
        $a = New-LmmDesign $SleepFormula -Path $SleepCsv | Invoke-LmmFit -Method ML
        $b = Invoke-LmmFit $SleepFormula $SleepCsv -Method ML
        Assert-Close $a.Objective $b.Objective 1e-9
    }

    It 'fits with -Optimizer LBfgsB to the same optimum and reports the projected gradient' {
        $lbfgsb = $fit | Invoke-LmmFit -Method ML -Optimizer LBfgsB
        $lbfgsb.Optimizer | Should -Be 'LBFGSB'
        $lbfgsb.Converged | Should -BeTrue
        Assert-Close $lbfgsb.Objective $SleepMl.objective 1e-6
        $lbfgsb.ProjectedGradientNorm | Should -BeLessThan 1e-3
    }

    It 'writes optimizer progress as verbose messages' {
        $records = Invoke-LmmFit $SleepFormula -Path $SleepCsv -Verbose 4>&1
        $verbose = @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        $verbose.Count | Should -BeGreaterThan 5
        $verbose[0].Message | Should -Match '^Evaluation \d+: objective'
        @($records | Where-Object { $_ -is [LmmPS.LmmFit] }).Count | Should -Be 1
    }

    It 'stops with the engine ErrorId on bad input' {
        { Import-Csv $SleepCsv | Invoke-LmmFit 'Reaction ~ Days + (Days | Subject' } | Should -Throw -ErrorId 'FormulaSyntaxError,*'
        { Invoke-LmmFit 'Reaction ~ Days + (1 | Nobody)' -Path $SleepCsv } | Should -Throw -ErrorId 'ColumnNotFound,*'
        { Invoke-LmmFit $SleepFormula -Path $SleepCsv -StartTheta 1, 1 } | Should -Throw -ErrorId 'ThetaLengthMismatch,*'
    }
}
