BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $WeightsCsv = Find-LmmTestFile -Kind 'data' -Name 'sleepstudy_w_off.csv'
    $WeightsReml = Get-Content -Raw -LiteralPath (Find-LmmTestFile -Kind 'reference' -Name 'ff_sleepstudy_weights_REML.json') | ConvertFrom-Json
    $WeightsMl = Get-Content -Raw -LiteralPath (Find-LmmTestFile -Kind 'reference' -Name 'ff_sleepstudy_weights_ML.json') | ConvertFrom-Json
}

Describe 'Prior weights (-Weights, lme4''s weights =)' {
    BeforeAll {
        $fit = Invoke-LmmFit $SleepFormula -Path $WeightsCsv -Weights w
    }

    It 'fits lme4''s weighted sleepstudy (REML) and shows the weights column' {
        $fit.Weights | Should -Be 'w'
        $fit.Design.Weights | Should -Be 'w'
        Assert-Close $fit.Objective $WeightsReml.objective 1e-6
        Assert-Close $fit.Sigma $WeightsReml.sigma 1e-4
        Assert-Close ($fit.FixedEffects | Where-Object Name -eq 'Days').Estimate $WeightsReml.beta.Days 1e-6
        Assert-Close ($fit.FixedEffects | Where-Object Name -eq 'Days').StdError $WeightsReml.beta_se.Days 1e-4
        ($fit | Out-String) | Should -Match 'Weights: w'
    }

    It 'fits by ML from pipeline rows too' {
        $ml = Import-Csv $WeightsCsv | Invoke-LmmFit $SleepFormula -Weights w -Method ML
        Assert-Close $ml.Objective $WeightsMl.objective 1e-6
        Assert-Close $ml.LogLik $WeightsMl.logLik 1e-6
    }

    It 'gives Pearson residuals sqrt(w)(y - fitted) as lme4' {
        $residuals = @($fit | Get-LmmResidual -NoLeverage)
        $expected = $WeightsReml.weights_info.pearson_residuals_first
        for ($i = 0; $i -lt 6; $i++) {
            Assert-Close $residuals[$i].PearsonResidual $expected[$i] 1e-3
        }
    }

    It 'leaves an unweighted fit without a Weights line' {
        $plain = Invoke-LmmFit $SleepFormula -Path $SleepCsv
        $plain.Weights | Should -BeNullOrEmpty
        ($plain | Out-String) | Should -Not -Match 'Weights:'
    }

    It 'refuses a weight of 0, naming the column and the row' {
        $rows = Import-Csv $WeightsCsv
        $rows[4].w = '0'
        { $rows | Invoke-LmmFit $SleepFormula -Weights w -ErrorAction Stop } | Should -Throw -ErrorId 'WeightNotPositive,*'
        try { $rows | Invoke-LmmFit $SleepFormula -Weights w -ErrorAction Stop } catch { $_.Exception.Message | Should -Match "column 'w' at data row 5 is 0" }
    }

    It 'refuses a negative weight and a weights column that is not there' {
        $rows = Import-Csv $WeightsCsv
        $rows[0].w = '-2'
        { $rows | Invoke-LmmFit $SleepFormula -Weights w -ErrorAction Stop } | Should -Throw -ErrorId 'WeightNotPositive,*'
        { Invoke-LmmFit $SleepFormula -Path $WeightsCsv -Weights W -ErrorAction Stop } | Should -Throw -ErrorId 'WeightsColumnNotFound,*'
    }

    It 'refuses a categorical weights column' {
        { Invoke-LmmFit $SleepFormula -Path $WeightsCsv -Weights Subject -Categorical Subject -ErrorAction Stop } | Should -Throw -ErrorId 'NonNumericWeights,*'
    }

    It 'refuses weights with a fixed-effect prior' {
        { Invoke-LmmFit $SleepFormula -Path $WeightsCsv -Weights w -FixedEffectPriorSD 10, 2.5 -ErrorAction Stop } | Should -Throw -ErrorId 'WeightsWithPrior,*'
    }

    It 'drops a row whose weight is missing, as lme4' {
        $rows = Import-Csv $WeightsCsv
        $rows[2].w = ''
        $dropped = $rows | Invoke-LmmFit $SleepFormula -Weights w -WarningAction SilentlyContinue
        $dropped.Observations | Should -Be 179
    }
}
