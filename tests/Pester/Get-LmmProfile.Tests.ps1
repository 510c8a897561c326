BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
}

Describe 'Get-LmmProfile' {
    BeforeAll {
        $design = Import-Csv $SleepCsv | New-LmmDesign $SleepFormula
        $start = $SleepReml.devfun_points.points | Where-Object label -eq 'start'
    }

    It 'evaluates the profiled REML criterion at a theta (lme4 devfun)' {
        $point = Get-LmmProfile -Design $design -Theta 1, 0, 1
        $point | Should -BeOfType 'LmmPS.LmmObjectivePoint'
        Assert-Close $point.Objective $start.value 1e-7
        Assert-Close $point.LogLik (-$start.value / 2) 1e-7
        Assert-Close $point.Sigma $start.sigma 1e-7
        Assert-Close $point.Beta[1] $start.beta[1] 1e-6
    }

    It 'evaluates the ML deviance with -Method ML' {
        $mlStart = $SleepMl.devfun_points.points | Where-Object label -eq 'start'
        Assert-Close (Get-LmmProfile -Design $design -Theta 1, 0, 1 -Method ML).Objective $mlStart.value 1e-7
    }

    It 'binds Design and Method of a piped fit' {
        $fit = $design | Invoke-LmmFit -Method ML
        $point = $fit | Get-LmmProfile -Theta $fit.Theta
        $point.Method | Should -Be 'ML'
        Assert-Close $point.Objective $fit.Objective 1e-8
    }

    It 'rejects a theta of the wrong length' {
        { Get-LmmProfile -Design $design -Theta 1, 0 } | Should -Throw -ErrorId 'ThetaLengthMismatch,*'
    }

    It 'checks -Parameter, -Level and -Threshold' {
        $fit = $design | Invoke-LmmFit
        { $fit | Get-LmmProfile -Parameter 'sd_Days' } | Should -Throw -ErrorId 'ParameterNotFound,*'
        { $fit | Get-LmmProfile -Level 95 } | Should -Throw -ErrorId 'InvalidLevel,*'
        { $fit | Get-LmmProfile -Threshold 0 } | Should -Throw -ErrorId 'InvalidThreshold,*'
    }

    It 'gives lme4''s 95% profile intervals for a REML fit' {
        $fit = $design | Invoke-LmmFit
        $profile = $fit | Get-LmmProfile
        $profile | Should -BeOfType 'LmmPS.LmmProfile'
        $ci = $SleepReml.profile_ci
        for ($i = 0; $i -lt $ci.parameter.Count; $i++) {
            $row = $profile.Intervals | Where-Object { $_.Parameter -eq $ci.parameter[$i] -and $_.Method -eq 'profile' }
            Assert-Close $row.Lower $ci.lower[$i] 1e-3
            Assert-Close $row.Upper $ci.upper[$i] 1e-3
        }
        ($profile.Intervals | Where-Object Method -eq 'Wald').Parameter | Should -Be @('(Intercept)', 'Days')
        $profile.Notes | Should -Match 'refitted by ML'
    }

    It 'writes interval rows with -IntervalOnly and points that export to CSV' {
        $fit = $design | Invoke-LmmFit -Method ML
        $rows = $fit | Get-LmmProfile -Parameter sigma -IntervalOnly
        $rows | Should -BeOfType 'LmmPS.LmmProfileInterval'
        $rows.Parameter | Should -Be 'sigma'
        $csv = ($fit | Get-LmmProfile -Parameter sigma).Points | ConvertTo-Csv -NoTypeInformation
        $csv[0] | Should -Be '"Parameter","Value","Zeta","Deviance","Sigma","Formula","Source"'
    }

    It 'profiles a covariate far from zero on the fit''s reparametrisation (D = Days + 1e6: lme4''s interval for Days)' {
        # An exact reparametrisation of Reaction ~ Days + (Days | Subject): D's interval and sigma's are lme4's for
        # Days and sigma (before: D's was [10.4714, 10.4717]). The intercept at D = 0 is not a coordinate of it: no
        # limits, a note and a warning that say which column to centre.
        $rows = Import-Csv -LiteralPath $SleepCsv | ForEach-Object {
            [pscustomobject]@{ Reaction = [double]$_.Reaction; D = [double]$_.Days + 1e6; Subject = $_.Subject }
        }
        $fit = $rows | Invoke-LmmFit 'Reaction ~ D + (D | Subject)' -WarningAction SilentlyContinue
        $intervals = $fit | Get-LmmProfile -Parameter sigma, D, '(Intercept)' -IntervalOnly -WarningVariable warnings -WarningAction SilentlyContinue
        $ci = $SleepReml.profile_ci
        foreach ($pair in @(@('D', 'Days'), @('sigma', 'sigma'))) {
            $row = $intervals | Where-Object { $_.Parameter -eq $pair[0] -and $_.Method -eq 'profile' }
            $i = [array]::IndexOf([string[]]$ci.parameter, $pair[1])
            Assert-Close $row.Lower $ci.lower[$i] (1e-3 * $ci.lower[$i])
            Assert-Close $row.Upper $ci.upper[$i] (1e-3 * $ci.upper[$i])
        }
        $intercept = $intervals | Where-Object { $_.Parameter -eq '(Intercept)' -and $_.Method -eq 'profile' }
        [double]::IsNaN($intercept.Lower) | Should -BeTrue
        $intercept.Note | Should -BeLike "*'D' lie far from zero*centre*"
        ($warnings -join "`n") | Should -BeLike "*(Intercept)*'D'*"
    }
}
