# Issue 16 item 11, the module's packaging: license, versions, manifest, help topic, argument completers.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $PSDefaultParameterValues = @{}
    $module = Get-Module LmmPS
}

Describe 'The module package' {
    It 'passes Test-ModuleManifest' {
        { Test-ModuleManifest -Path (Join-Path $modulePath 'LmmPS.psd1') -ErrorAction Stop } | Should -Not -Throw
    }

    It 'ships the MIT LICENSE of the repository' {
        $shipped = Join-Path $modulePath 'LICENSE'
        Get-Content -LiteralPath $shipped -TotalCount 1 | Should -Be 'MIT License'
        (Get-Content -Raw -LiteralPath $shipped) | Should -Be (Get-Content -Raw -LiteralPath (Join-Path $repositoryRoot 'LICENSE'))
    }

    It 'has the assembly version of the module version' {
        $assembly = [LmmPS.LmmFit].Assembly.GetName().Version
        $manifest = (Import-PowerShellDataFile -LiteralPath (Join-Path $modulePath 'LmmPS.psd1')).ModuleVersion
        '{0}.{1}.{2}' -f $assembly.Major, $assembly.Minor, $assembly.Build | Should -Be $manifest
    }

    It 'has release notes for this version' {
        $notes = (Import-PowerShellDataFile -LiteralPath (Join-Path $modulePath 'LmmPS.psd1')).PrivateData.PSData.ReleaseNotes
        $notes | Should -Match ([regex]::Escape($module.Version.ToString(3)))
        $notes | Should -Match 'Get-LmmProfile'
    }
}

Describe 'Argument completers' {
    It '-Categorical completes the column names of the -Path file' {
        $line = "New-LmmDesign 'Reaction ~ Days + (1 | Subject)' -Path '$SleepCsv' -Categorical "
        $result = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $result.CompletionMatches.CompletionText | Should -Be @('Reaction', 'Days', 'Subject')
        $line = "Invoke-LmmFit 'Reaction ~ Days + (1 | Subject)' -Path '$SleepCsv' -Ordered Da"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be 'Days'
    }

    It 'Get-LmmProfile -Parameter completes the fit''s parameter names (lme4 confint names)' {
        $script:fitForCompletion = Invoke-LmmFit $SleepFormula -Path $SleepCsv
        $line = 'Get-LmmProfile -Fit $script:fitForCompletion -Parameter '
        $names = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.ListItemText
        $names | Should -Be @('sd_(Intercept)|Subject', 'cor_Days.(Intercept)|Subject', 'sd_Days|Subject', 'sigma', '(Intercept)', 'Days')
    }
}

Describe 'about_LmmPS' {
    It 'is found by Get-Help and covers formulas, objects and errors' {
        $topic = Get-Help about_LmmPS | Out-String
        $topic | Should -Match 'FORMULA SYNTAX'
        $topic | Should -Match 'DeserializedFit'
        $topic | Should -Match 'RecommendedAction'
    }
}
