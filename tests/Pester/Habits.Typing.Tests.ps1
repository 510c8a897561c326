# Issue 16 item 8: visible typing. -Verbose says how each column of the formula was typed and which rows were
# dropped; a factor that is almost all numbers draws a warning naming the odd value; -Numeric makes it an error;
# invalid UTF-8 is an error naming line and byte offset, and -Encoding reads other encodings.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $PSDefaultParameterValues = @{}
    $lines = Get-Content -LiteralPath $SleepCsv
    # Data row 17 (line 18): Days 2 typed as '2O'.
    $typo = Join-Path $TestDrive 'typo.csv'
    $edited = $lines.Clone()
    $edited[17] = $edited[17] -replace '^([^,]+),[^,]+,', '$1,2O,'
    Set-Content -LiteralPath $typo -Value $edited
    $missing = Join-Path $TestDrive 'missing.csv'
    $edited = $lines.Clone()
    $edited[1] = $edited[1] -replace '^[^,]+,', 'NA,'
    $edited[2] = $edited[2] -replace ',[^,]+,', ',,'
    Set-Content -LiteralPath $missing -Value $edited
}

Describe '-Verbose lists the columns of the formula' {
    It 'names kind, range or levels, missing values and the rows dropped' {
        $verbose = New-LmmDesign $SleepFormula -Path $missing -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        $verbose | Should -Contain "${missing}: Reaction: numeric, 194.332 to 466.353, 1 missing value"
        $verbose | Should -Contain "${missing}: Days: numeric, 0 to 9, 1 missing value"
        # Subject holds numbers: read as numeric, a grouping factor in the design all the same.
        $verbose | Should -Contain "${missing}: Subject: numeric, 308 to 372, no missing values"
        $verbose | Should -Contain "${missing}: 2 of 180 rows dropped for a missing value: Reaction (1), Days (1)."
    }
}

Describe 'A factor that is almost all numbers' {
    It 'warns once, naming the first non-number and its row' {
        $null = New-LmmDesign $SleepFormula -Path $typo -WarningVariable warned -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
        @($warned).Count | Should -Be 1
        "$warned" | Should -Match "Column 'Days' was read as a factor"
        "$warned" | Should -Match "data row 17 holds '2O'"
    }

    It 'is an error naming row and value with -Numeric' {
        try { New-LmmDesign $SleepFormula -Path $typo -Numeric Days -ErrorAction Stop } catch { $record = $_ }
        $record.FullyQualifiedErrorId | Should -Be 'NonNumericValue,LmmPS.Commands.NewLmmDesignCommand'
        $record.Exception.Message | Should -Match "data row 17"
        $record.Exception.Message | Should -Match "'2O'"
    }

    It 'is quiet with -Categorical, and a real factor never warns' {
        $null = New-LmmDesign 'Reaction ~ 1 + (1 | Subject)' -Path $typo -Categorical Days -WarningVariable warned
        $warned | Should -BeNullOrEmpty
        $null = New-LmmDesign $SleepFormula -Path $SleepCsv -WarningVariable warned
        $warned | Should -BeNullOrEmpty
    }

    It '-Numeric on pipeline rows too' {
        { Import-Csv -LiteralPath $typo | New-LmmDesign $SleepFormula -Numeric Days -ErrorAction Stop } | Should -Throw -ErrorId 'NonNumericValue,*'
    }
}

Describe 'Encodings' {
    BeforeAll {
        # Latin-1 bytes: 'Müller' and 'Mueller' must stay two levels, never become 'M?ller'.
        $latin1 = Join-Path $TestDrive 'latin1.csv'
        $text = "y,g`n" + ((0..11 | ForEach-Object { '{0},{1}' -f ($_ % 5 + $_), @('Müller', 'Mueller', 'Maß')[$_ % 3] }) -join "`n") + "`n"
        [System.IO.File]::WriteAllBytes($latin1, [System.Text.Encoding]::Latin1.GetBytes($text))
    }

    It 'invalid UTF-8 is an error naming the line and byte offset' {
        try { New-LmmDesign 'y ~ 1 + (1 | g)' -Path $latin1 -ErrorAction Stop } catch { $record = $_ }
        $record.FullyQualifiedErrorId | Should -Be 'InvalidEncoding,LmmPS.Commands.NewLmmDesignCommand'
        # "y,g\n" is 4 bytes, "0,M" 3 more: the 'ü' (0xFC) is byte 7 of line 2.
        $record.Exception.Message | Should -Match 'line 2, byte offset 7'
        $record.ErrorDetails.RecommendedAction | Should -Match 'Encoding'
    }

    It '-Encoding latin1 (or the code page 28591) reads the labels as written' {
        $design = New-LmmDesign 'y ~ 1 + (1 | g)' -Path $latin1 -Encoding latin1 -Verbose 4>&1
        ($design | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message) -match 'g: factor, 3 levels \(Maß, Mueller, Müller\)' | Should -Not -BeNullOrEmpty
        (New-LmmDesign 'y ~ 1 + (1 | g)' -Path $latin1 -Encoding 28591).RandomTerms | Should -Be 'g: (Intercept) (3 levels)'
    }

    It 'an unknown encoding is a bad parameter' {
        { New-LmmDesign 'y ~ 1 + (1 | g)' -Path $latin1 -Encoding nosuch -ErrorAction SilentlyContinue } | Should -Throw -ErrorId 'EncodingNotFound,*'
    }
}
