# Issue 16 item 4 and the error half of item 9: in a batch (several files, designs or fits) a failing item writes a
# non-terminating error and the others go on; bad parameters still stop the command; -ErrorAction and -ErrorVariable
# behave as with any PowerShell cmdlet; every error with advice carries ErrorDetails.RecommendedAction.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $PSDefaultParameterValues = @{}

    $bad = Join-Path $TestDrive 'bad.csv'
    [System.IO.File]::WriteAllText($bad, "Reaction,Days,Subject`n1,2`n")
    $copy = Join-Path $TestDrive 'copy.csv'
    Copy-Item -LiteralPath $SleepCsv -Destination $copy
}

Describe 'A failing file in a batch' {
    It 'is skipped with a non-terminating error and the files after it are fitted' {
        $fits = Invoke-LmmFit $SleepFormula -Path $SleepCsv, $bad, $copy -ErrorAction SilentlyContinue -ErrorVariable failed
        $fits.Count | Should -Be 2
        $fits[1].Source | Should -Be $copy
        # Both fits are lme4's sleepstudy REML fit.
        foreach ($fit in $fits) { Assert-Close $fit.Objective $SleepReml.objective 1e-6 }
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -Be 'RaggedRow,LmmPS.Commands.InvokeLmmFitCommand'
        $failed[0].TargetObject | Should -Be $bad
    }

    It 'with -ErrorAction SilentlyContinue shows nothing; -ErrorAction Stop still stops at the bad file' {
        $shown = & { Invoke-LmmFit $SleepFormula -Path $bad -ErrorAction SilentlyContinue } 2>&1
        $shown | Should -BeNullOrEmpty
        { Invoke-LmmFit $SleepFormula -Path $bad, $copy -ErrorAction Stop } | Should -Throw -ErrorId 'RaggedRow,*'
    }

    It 'a path that matches nothing does not stop the others (New-LmmDesign)' {
        $designs = New-LmmDesign $SleepFormula -Path (Join-Path $TestDrive 'absent*.csv'), $SleepCsv -ErrorAction SilentlyContinue -ErrorVariable failed
        @($designs).Count | Should -Be 1
        $designs.Observations | Should -Be $SleepReml.n
        $failed[0].FullyQualifiedErrorId | Should -Be 'FileNotFound,LmmPS.Commands.NewLmmDesignCommand'
    }

    It 'a design the fit options do not fit writes an error for that design only' {
        $one = New-LmmDesign 'Yield ~ 1 + (1 | Batch)' -Path $DyestuffCsv
        $two = New-LmmDesign $SleepFormula -Path $SleepCsv
        # -StartTheta of length 1 suits Dyestuff's one theta, not sleepstudy's three.
        $fits = $one, $two | Invoke-LmmFit -StartTheta 1 -ErrorAction SilentlyContinue -ErrorVariable failed
        @($fits).Count | Should -Be 1
        $fits.Formula | Should -Be 'Yield ~ 1 + (1 | Batch)'
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'ThetaLengthMismatch,*'
    }

    It 'a fit that cannot be profiled writes an error for that fit only' {
        $fits = Invoke-LmmFit 'Yield ~ 1 + (1 | Batch)' -Path $DyestuffCsv -Method ML
        $rows = $fits | Get-LmmProfile -Parameter sigma, nosuch -IntervalOnly -ErrorAction SilentlyContinue -ErrorVariable failed
        $rows | Should -BeNullOrEmpty
        $failed[0].FullyQualifiedErrorId | Should -Be 'ParameterNotFound,LmmPS.Commands.GetLmmProfileCommand'
    }
}

Describe 'Bad parameters stop the command' {
    It 'a formula typo is terminating even with -ErrorAction SilentlyContinue' {
        { Invoke-LmmFit 'Reaction ~ (' -Path $SleepCsv -ErrorAction SilentlyContinue } | Should -Throw -ErrorId 'FormulaSyntaxError,*'
    }

    It 'a bad -Level or -Step is terminating' {
        $fit = Invoke-LmmFit 'Yield ~ 1 + (1 | Batch)' -Path $DyestuffCsv
        { $fit | Get-LmmProfile -Level 1.5 -ErrorAction SilentlyContinue } | Should -Throw -ErrorId 'InvalidLevel,*'
        { $fit | Test-LmmGradient -Step 0 -ErrorAction SilentlyContinue } | Should -Throw -ErrorId 'InvalidArgumentValue,*'
    }
}

Describe 'ErrorDetails.RecommendedAction' {
    It 'says what to do for each error with advice' {
        Invoke-LmmFit $SleepFormula -Path $bad -ErrorAction SilentlyContinue -ErrorVariable failed
        $failed[0].ErrorDetails.RecommendedAction | Should -Match 'Delimiter'
        try { New-LmmDesign 'Reaction ~ Days + (1 | Subjekt)' -Path $SleepCsv -ErrorAction Stop } catch { $record = $_ }
        $record.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        # ErrorDetails keeps the message itself.
        $record.ErrorDetails.Message | Should -Be $record.Exception.Message
    }

    It 'is there for every ErrorId the engine raises that has general advice' {
        foreach ($id in 'FileNotFound', 'RaggedRow', 'NonNumericValue', 'ColumnNotFound', 'FormulaSyntaxError', 'PriorCovarianceWrongSize', 'DeserializedFit') {
            [LmmPS.Conversion.ErrorAdvice]::For($id) | Should -Not -BeNullOrEmpty -Because $id
        }
    }
}

Describe 'One warning per cause' {
    It 'a singular fit warns once' {
        $dyestuff2 = Find-LmmTestFile -Kind 'data' -Name 'Dyestuff2.csv'
        $null = Invoke-LmmFit 'Yield ~ 1 + (1 | Batch)' -Path $dyestuff2 -WarningVariable warned -WarningAction SilentlyContinue
        @($warned | Where-Object { "$_" -match 'singular' }).Count | Should -Be 1
        "$($warned[0])" | Should -Match ([regex]::Escape($dyestuff2))
    }
}
