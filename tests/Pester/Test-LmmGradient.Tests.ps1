BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
}

Describe 'Test-LmmGradient' {
    BeforeAll {
        $design = New-LmmDesign $SleepFormula -Path $SleepCsv
    }

    It 'checks its arguments before anything else' {
        { Test-LmmGradient -Design $design -Theta 1, 0 } | Should -Throw -ErrorId 'ThetaLengthMismatch'
        { Test-LmmGradient -Design $design -Theta 1, 0, 1 -Step 0 } | Should -Throw -ErrorId 'InvalidArgumentValue'
        { Test-LmmGradient -Design $design -Theta -1, 0, 1 } | Should -Throw -ErrorId 'ThetaOutOfBounds'
    }

    It 'agrees with finite differences at any theta, one row per parameter' {
        $rows = Test-LmmGradient -Design $design -Theta 1, 0, 1 -Method REML
        $rows.Count | Should -Be 3
        $rows.Parameter | Should -Be $design.ThetaNames
        $rows | ForEach-Object { $_.Passed | Should -BeTrue }
        # lme4's devfun gradient at the start theta (1, 0, 1), REML: d/dtheta_3 = 31.2915 (reference sleepstudy_REML.json).
        $rows[2].Analytic | Should -BeGreaterThan 31.29
        $rows[2].Analytic | Should -BeLessThan 31.30
        $rows[0].Scheme | Should -Be 'Central'
    }

    It 'uses a one-sided difference at a bound' {
        $rows = Test-LmmGradient -Design $design -Theta 1, 0.3, 0 -Method ML
        $rows[2].Scheme | Should -Be 'Forward'
        $rows[2].Passed | Should -BeTrue
    }

    It 'checks a fit at its optimum and answers -Quiet with one Boolean' {
        $fit = $design | Invoke-LmmFit
        $fit | Test-LmmGradient -Quiet | Should -BeTrue
        $fit.ProjectedGradientNorm | Should -BeLessThan 0.01
    }

    It 'has the parameter sets of the issue' {
        $command = Get-Command Test-LmmGradient
        $command.ParameterSets.Name | Sort-Object | Should -Be @('Fit', 'Point')
        $command.OutputType.Name | Should -Contain 'LmmPS.LmmGradientRow'
    }
}
