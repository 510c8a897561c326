BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
}

Describe 'The LmmPS module' {
    It 'has a valid manifest' {
        $manifest = Test-ModuleManifest -Path $manifestPath -ErrorAction Stop
        $manifest.Name | Should -Be 'LmmPS'
        $manifest.CompatiblePSEditions | Should -Contain 'Core'
        $manifest.CompatiblePSEditions | Should -Contain 'Desktop'
    }

    It 'exports exactly the six cmdlets' {
        $names = (Get-Command -Module LmmPS).Name | Sort-Object
        $names | Should -Be @('Get-LmmProfile', 'Invoke-LmmBootstrap', 'Invoke-LmmFit', 'New-LmmDesign', 'Test-LmmFixedEffect', 'Test-LmmGradient')
    }

    It 'loads the engine into its own assembly load context on PowerShell 7' -Skip:($PSEdition -ne 'Core') {
        $design = New-LmmDesign $SleepFormula -Path $SleepCsv
        $engine = $design.GetModelDesign().GetType().Assembly
        $context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($engine)
        $context.Name | Should -Be 'LmmPS.Engine'
        $engine.Location | Should -BeLike '*Dependencies*LmmPS.Core.dll'
    }

    It 'gives every cmdlet full help with at least two examples' {
        foreach ($name in 'New-LmmDesign', 'Invoke-LmmFit', 'Get-LmmProfile', 'Test-LmmGradient', 'Test-LmmFixedEffect', 'Invoke-LmmBootstrap') {
            $help = Get-Help $name -Full
            $help.Synopsis | Should -Not -BeNullOrEmpty
            # Help generated from the syntax alone (no MAML found) has no description.
            ($help.Description | Out-String).Trim() | Should -Not -BeNullOrEmpty
            @($help.Examples.Example).Count | Should -BeGreaterOrEqual 2
            $documented = @($help.Parameters.Parameter.Name)
            $compiled = (Get-Command $name).Parameters.Keys | Where-Object { $_ -notin [System.Management.Automation.PSCmdlet]::CommonParameters -and $_ -notin [System.Management.Automation.PSCmdlet]::OptionalCommonParameters }
            foreach ($parameter in $compiled) {
                $documented | Should -Contain $parameter
            }
        }
    }

    It 'has PowerShell files that the PowerShell parser accepts' {
        # Every script, module and data file of the repository (build outputs and restored packages excepted).
        $skip = '[\\/](out|bin|obj|node_modules|\.packages|\.git|TestResults)[\\/]'
        $files = @(Get-ChildItem -LiteralPath $repositoryRoot -Recurse -File -Include '*.ps1', '*.psm1', '*.psd1' |
                Where-Object { $_.FullName.Substring($repositoryRoot.Length) -notmatch $skip })
        $files.Count | Should -BeGreaterOrEqual 10
        foreach ($file in $files) {
            $tokens = $null
            $errors = $null
            $null = [System.Management.Automation.Language.Parser]::ParseFile($file.FullName, [ref]$tokens, [ref]$errors)
            @($errors | ForEach-Object { "$($file.Name):$($_.Extent.StartLineNumber): $($_.Message)" }) | Should -BeNullOrEmpty
        }
    }
}
