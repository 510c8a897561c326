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

    It 'exports exactly its nine cmdlets' {
        $names = (Get-Command -Module LmmPS).Name | Sort-Object
        $names | Should -Be @('Compare-LmmFit', 'Export-LmmPlot', 'Get-LmmPrediction', 'Get-LmmProfile', 'Get-LmmResidual', 'Invoke-LmmBootstrap', 'Invoke-LmmFit', 'New-LmmDesign', 'Test-LmmFixedEffect', 'Test-LmmGradient')
    }

    It 'loads the engine into its own assembly load context on PowerShell 7' -Skip:($PSEdition -ne 'Core') {
        $design = New-LmmDesign $SleepFormula -Path $SleepCsv
        $engine = $design.GetModelDesign().GetType().Assembly
        $context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($engine)
        $context.Name | Should -Be 'LmmPS.Engine'
        $engine.Location | Should -BeLike '*Dependencies*LmmPS.Core.dll'
    }

    It 'loads the plot builder and OxyPlot into the same context on PowerShell 7' -Skip:($PSEdition -ne 'Core') {
        $fit = Invoke-LmmFit $SleepFormula -Path $SleepCsv
        $fit | Export-LmmPlot Caterpillar (Join-Path $TestDrive 'context.svg') | Out-Null
        $context = [System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -eq 'LmmPS.Engine'
        $names = $context.Assemblies | ForEach-Object { $_.GetName().Name }
        $names | Should -Contain 'LmmPS.Plotting'
        $names | Should -Contain 'OxyPlot'
        [System.AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'OxyPlot' -and [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).Name -ne 'LmmPS.Engine' } | Should -BeNullOrEmpty
    }

    It 'gives every cmdlet full help with at least two examples' {
        foreach ($name in 'New-LmmDesign', 'Invoke-LmmFit', 'Get-LmmProfile', 'Test-LmmGradient', 'Test-LmmFixedEffect', 'Export-LmmPlot', 'Invoke-LmmBootstrap') {
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
}
