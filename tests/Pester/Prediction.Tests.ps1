# Issue 18: the pipeline shapes of Get-LmmPrediction, Get-LmmResidual and Compare-LmmFit, with numbers checked
# against lme4 (tests/data/reference/predict_*.json and compare_*.json, PREDICT_FORMAT.md).
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $PSDefaultParameterValues = @{}
    $NewCsv = Find-LmmTestFile -Kind 'data' -Name 'sleepstudy_newdata.csv'
    $Predict = Get-Content -Raw -LiteralPath (Find-LmmTestFile -Kind 'reference' -Name 'predict_sleepstudy_REML.json') | ConvertFrom-Json
    $Compare = Get-Content -Raw -LiteralPath (Find-LmmTestFile -Kind 'reference' -Name 'compare_sleepstudy_REML_refit.json') | ConvertFrom-Json
    # Subject is read as a factor, as R read it (its labels look like numbers).
    $fit = Invoke-LmmFit $SleepFormula -Path $SleepCsv -Categorical Subject
    # 10 x the file's convergence_check differences: lme4 stops at a gradient of ~1e-3, we converge further.
    $conditionalTol = 10 * $Predict.convergence_check.max_abs_diff_predict_conditional
}

Describe 'Get-LmmPrediction' {
    It 'returns each piped row with its own properties plus Prediction, in order' {
        $rows = Import-Csv -LiteralPath $NewCsv | Select-Object *, @{ n = 'Tag'; e = { 'mine' } }
        $out = $rows | Get-LmmPrediction -Fit $fit
        $out.Count | Should -Be $Predict.newdata_n_rows
        $out[0].PSObject.Properties.Name | Should -Be @('Days', 'Subject', 'Tag', 'Prediction')
        ($out | Where-Object Tag -ne 'mine') | Should -BeNullOrEmpty
        for ($i = 0; $i -lt $out.Count; $i++) {
            Assert-Close $out[$i].Prediction $Predict.predict_conditional[$i] $conditionalTol
        }
    }

    It 'reads -Path and -LiteralPath files and gives the population prediction with -RandomEffects None' {
        $fromPath = Get-LmmPrediction -Fit $fit -Path $NewCsv -RandomEffects None
        $fromLiteral = Get-LmmPrediction -Fit $fit -LiteralPath $NewCsv -RandomEffects None
        $fromPath.Count | Should -Be $Predict.newdata_n_rows
        for ($i = 0; $i -lt $fromPath.Count; $i++) {
            Assert-Close $fromPath[$i].Prediction $Predict.predict_population[$i] 1e-8
            $fromLiteral[$i].Prediction | Should -Be $fromPath[$i].Prediction
        }
    }

    It 'takes hashtables and keeps their keys' {
        $out = @{ Days = 0; Subject = '308' } | Get-LmmPrediction -Fit $fit
        $out.Subject | Should -Be '308'
        Assert-Close $out.Prediction $Predict.predict_conditional[0] $conditionalTol
    }

    It '-NewLevels Error writes one non-terminating error per new label and outputs the other rows' {
        $out = Import-Csv -LiteralPath $NewCsv | Get-LmmPrediction -Fit $fit -NewLevels Error -ErrorAction SilentlyContinue -ErrorVariable errs
        $unknown = @($Predict.newdata_level_known.Subject | Where-Object { -not $_ }).Count
        $errs.Count | Should -Be $unknown
        $out.Count | Should -Be ($Predict.newdata_n_rows - $unknown)
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'NewGroupingLevel,*'
        $errs[0].Exception.Message | Should -Match "Row \d+ .*'Subject'"
    }

    It 'an unknown grouping name and a missing column end the command' {
        { Import-Csv -LiteralPath $NewCsv | Get-LmmPrediction -Fit $fit -RandomEffects Sample } | Should -Throw -ErrorId 'UnknownGroupingFactor,*'
        { @{ Subject = '308' } | Get-LmmPrediction -Fit $fit } | Should -Throw -ErrorId 'NewDataColumnNotFound,*' -ExpectedMessage "*uses 'Days'*"
    }

    It 'predicts from a fit saved with Export-Clixml and read back' {
        $path = Join-Path $TestDrive 'fit.xml'
        $fit | Export-Clixml -LiteralPath $path
        $saved = Import-Clixml -LiteralPath $path
        $saved | Should -Not -BeOfType ([LmmPS.LmmFit])
        $out = Import-Csv -LiteralPath $NewCsv | Get-LmmPrediction -Fit $saved
        $live = Import-Csv -LiteralPath $NewCsv | Get-LmmPrediction -Fit $fit
        for ($i = 0; $i -lt $out.Count; $i++) {
            Assert-Close $out[$i].Prediction $live[$i].Prediction 1e-9
        }
    }
}

Describe 'Get-LmmResidual' {
    It 'returns one row per observation with lme4''s fitted, residuals and hat values' {
        $rows = Get-LmmResidual $fit
        $rows.Count | Should -Be $Predict.n_used
        $rows[0].PSObject.Properties.Name | Should -Be @('Row', 'Observed', 'Fitted', 'Residual', 'PearsonResidual', 'ScaledResidual', 'Leverage')
        $rows[0].Row | Should -Be 1
        $fittedTol = 10 * $Predict.convergence_check.max_abs_diff_fitted
        $hatTol = 10 * $Predict.convergence_check.max_abs_diff_hatvalues
        foreach ($i in 0, 17, 179) {
            Assert-Close $rows[$i].Fitted $Predict.fitted[$i] $fittedTol
            Assert-Close $rows[$i].PearsonResidual $Predict.residuals.pearson[$i] $fittedTol
            Assert-Close $rows[$i].ScaledResidual $Predict.residuals.scaled[$i] (10 * $Predict.convergence_check.max_abs_diff_scaled_residuals)
            Assert-Close $rows[$i].Leverage $Predict.hatvalues[$i] $hatTol
        }
    }

    It 'takes fits from the pipeline and leaves Leverage empty with -NoLeverage' {
        $rows = $fit | Get-LmmResidual -NoLeverage
        $rows.Count | Should -Be 180
        $rows[0].Leverage | Should -BeNullOrEmpty
    }
}

Describe 'Compare-LmmFit' {
    BeforeAll {
        $m1 = Invoke-LmmFit 'Reaction ~ Days + (1 | Subject)' -Path $SleepCsv -Categorical Subject
    }

    It 'refits REML fits by ML with a warning and returns lme4''s anova table' {
        $table = Compare-LmmFit $m1, $fit -WarningVariable warned -WarningAction SilentlyContinue
        $warned.Count | Should -Be 1
        $table.Model | Should -Be @('m1', 'm2')
        $table[0].ChiSquare | Should -BeNullOrEmpty
        $table[1].Df | Should -Be $Compare.anova.Df[1]
        Assert-Close $table[1].ChiSquare $Compare.anova.Chisq[1] 1e-4
        Assert-Close $table[1].PValue $Compare.anova.p[1] (1e-4 * $Compare.anova.p[1])
        $table[0].Refitted | Should -BeTrue
    }

    It 'takes fits from the pipeline, and -NoRefit keeps REML fits of the same fixed effects' {
        $table = $m1, $fit | Compare-LmmFit -NoRefit
        $table.Count | Should -Be 2
        $table[0].Refitted | Should -BeFalse
        Assert-Close $table[0].LogLik $m1.LogLik 1e-9
    }

    It 'refuses fits of different data' {
        $dye = Invoke-LmmFit 'Yield ~ 1 + (1 | Batch)' -Path $DyestuffCsv
        { Compare-LmmFit $fit, $dye } | Should -Throw -ErrorId 'DifferentData,*'
    }
}

Describe 'The fit''s vcov and the summary blocks' {
    It 'exposes FixedEffectsCovariance and FixedEffectsCorrelation' {
        $tol = 10 * $Predict.convergence_check.max_rel_diff_vcov_beta
        Assert-Close $fit.FixedEffectsCorrelation[0][1] $Predict.cor_beta[0][1] $tol
        Assert-Close $fit.FixedEffectsCovariance[1][1] $Predict.vcov_beta[1][1] ($tol * $Predict.vcov_beta[1][1])
    }

    It 'shows lme4''s Scaled residuals and Correlation of Fixed Effects' {
        $text = $fit.Summary()
        $text | Should -Match 'Scaled residuals:\n\s+Min\s+1Q\s+Median\s+3Q\s+Max\n-3\.9536 -0\.4634  0\.0231  0\.4634  5\.1793'
        $text | Should -Match 'Correlation of Fixed Effects:\n\s+\(Intr\)\nDays -0\.138'
    }
}
