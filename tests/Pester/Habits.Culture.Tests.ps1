# Issue 16 item 7: data written in a culture (Excel under de-DE: ';' between fields, ',' before decimals) is read
# with -Culture or -UseCulture; the views print the same numbers in every culture.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $PSDefaultParameterValues = @{}
    $german = Join-Path $TestDrive 'sleep-de.csv'
    $rows = Import-Csv -LiteralPath $SleepCsv
    # What Excel or Export-Csv -UseCulture writes under de-DE.
    $de = [cultureinfo]'de-DE'
    $lines = @('Reaction;Days;Subject') + ($rows | ForEach-Object { '{0};{1};{2}' -f ([double]$_.Reaction).ToString($de), $_.Days, $_.Subject })
    Set-Content -LiteralPath $german -Value $lines
}

Describe '-Culture and -UseCulture' {
    It '-Culture de-DE reads comma decimals and takes ; as the delimiter: lme4''s sleepstudy fit' {
        (Get-Content -LiteralPath $german -TotalCount 2)[1] | Should -Be '249,56;0;308'
        $fit = Invoke-LmmFit $SleepFormula -Path $german -Culture de-DE
        Assert-Close $fit.Objective $SleepReml.objective 1e-6
        Assert-Close ($fit.FixedEffects | Where-Object Name -eq 'Days').Estimate $SleepReml.beta.Days 1e-4
    }

    It 'without a culture the response is not silently a factor: the comma file fails to read as numbers' {
        { Invoke-LmmFit $SleepFormula -Path $german -Delimiter ';' -Numeric Reaction -ErrorAction Stop } | Should -Throw -ErrorId 'NonNumericValue,*'
    }

    It '-UseCulture takes the current culture, as Import-Csv does' {
        $saved = [cultureinfo]::CurrentCulture
        try {
            [cultureinfo]::CurrentCulture = 'de-DE'
            $fit = Invoke-LmmFit $SleepFormula -Path $german -UseCulture
        }
        finally { [cultureinfo]::CurrentCulture = $saved }
        Assert-Close $fit.Objective $SleepReml.objective 1e-6
    }

    It 'pipeline rows of text in a culture' {
        $fit = Import-Csv -LiteralPath $german -Delimiter ';' | Invoke-LmmFit $SleepFormula -Culture de-DE
        Assert-Close $fit.Objective $SleepReml.objective 1e-6
    }

    It 'a delimiter equal to the decimal separator, both cultures, an unknown culture: bad parameters' {
        { Invoke-LmmFit $SleepFormula -Path $german -Culture de-DE -Delimiter ',' -ErrorAction SilentlyContinue } | Should -Throw -ErrorId 'InvalidDelimiter,*'
        { Invoke-LmmFit $SleepFormula -Path $german -Culture de-DE -UseCulture -ErrorAction SilentlyContinue } | Should -Throw -ErrorId 'ConflictingCultureOptions,*'
        { Invoke-LmmFit $SleepFormula -Path $german -Culture 'no such culture!' -ErrorAction SilentlyContinue } | Should -Throw -ErrorId 'CultureNotFound,*'
    }
}

Describe 'Views in every culture' {
    It 'print the same text under de-DE as under the invariant culture' {
        $fit = Invoke-LmmFit $SleepFormula -Path $SleepCsv
        $saved = [cultureinfo]::CurrentCulture
        try {
            [cultureinfo]::CurrentCulture = [cultureinfo]::InvariantCulture
            $invariant = $fit | Out-String -Width 120
            [cultureinfo]::CurrentCulture = 'de-DE'
            $german = $fit | Out-String -Width 120
        }
        finally { [cultureinfo]::CurrentCulture = $saved }
        $german | Should -Be $invariant
        $german | Should -Match '251\.405'
    }
}

Describe 'A deserialized fit of culture data' {
    It 'is rebuilt with the culture it was read in' {
        $fit = Invoke-LmmFit $SleepFormula -Path $german -Culture de-DE -Method ML
        $xml = Join-Path $TestDrive 'de-fit.xml'
        $fit | Export-Clixml -LiteralPath $xml
        (Import-Clixml -LiteralPath $xml | Test-LmmGradient -Quiet -ErrorAction Stop) | Should -BeTrue
        $fit.Design.DecimalSeparator | Should -Be ','
        $fit.Design.Delimiter | Should -Be ';'
    }
}
