BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
}

Describe 'Test-LmmGradient' {
    BeforeAll {
        $design = New-LmmDesign $SleepFormula -Path $SleepCsv
    }

    It 'checks its arguments before anything else' {
        { Test-LmmGradient -Design $design -Theta 1, 0 } | Should -Throw -ErrorId 'ThetaLengthMismatch,*'
        { Test-LmmGradient -Design $design -Theta 1, 0, 1 -Step 0 } | Should -Throw -ErrorId 'InvalidArgumentValue,*'
        { Test-LmmGradient -Design $design -Theta -1, 0, 1 } | Should -Throw -ErrorId 'ThetaOutOfBounds,*'
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

    It 'checks the gradient of a prior objective at a point, with sigma rows on the absolute scale' {
        # blme_abs_sleepstudy_ML.json: normal(sd = c(10, 2.5), common.scale = FALSE), ML -> posterior mode.
        $rows = Test-LmmGradient -Design $design -Theta 9.5993096, 0.38603126, 0.22348159 -Method ML -FixedEffectPriorSD 10, 2.5 -PriorScale Absolute
        $rows.Count | Should -Be 5
        $rows[0..2].Parameter | Should -Be $design.ThetaNames
        $rows[3].Parameter | Should -Be 'd/dsigma'
        $rows[4].Parameter | Should -Be 'd2/dsigma2'
        $rows | ForEach-Object { $_.Passed | Should -BeTrue }
        # The file's sigma profile at this theta: sigma = 25.5918012109, d2 log/dsigma2 = -0.54658423 (log = -f/2).
        Assert-Close -Actual $rows[3].Value -Expected 25.5918012109 -Tolerance 1e-6
        Assert-Close -Actual $rows[4].Analytic -Expected 1.09316846 -Tolerance 1e-6
    }

    It 'has no sigma rows on the relative scale and rejects prior options without a prior' {
        $rows = Test-LmmGradient -Design $design -Theta 1, 0, 1 -Method REML -FixedEffectPriorSD 10, 2.5
        $rows.Count | Should -Be 3
        $rows | ForEach-Object { $_.Passed | Should -BeTrue }
        { Test-LmmGradient -Design $design -Theta 1, 0, 1 -PriorScale Absolute } | Should -Throw -ErrorId 'PriorOptionWithoutPrior,*'
        { Test-LmmGradient -Design $design -Theta 1, 0, 1 -FixedEffectPriorSD 1, 2, 3 } | Should -Throw -ErrorId 'PriorLengthMismatch,*'
    }

    It 'checks a prior fit under its own prior' {
        $fit = $design | Invoke-LmmFit -Method ML -FixedEffectPriorSD 10, 2.5 -PriorScale Absolute
        $fit.Gradient.Count | Should -Be 3
        $fit.ProjectedGradientNorm | Should -BeLessThan 0.01
        $rows = $fit | Test-LmmGradient
        $rows.Count | Should -Be 5
        $fit | Test-LmmGradient -Quiet | Should -BeTrue
    }

    It 'has the parameter sets of the issue' {
        $command = Get-Command Test-LmmGradient
        $command.ParameterSets.Name | Sort-Object | Should -Be @('Fit', 'Point')
        $command.OutputType.Name | Should -Contain 'LmmPS.LmmGradientRow'
    }
}
