namespace LmmPS.Core.LinearAlgebra;

/// <summary>How much k x k scratch a kernel may take on the stack. A random-effects term's blocks are k x k with k its
/// number of columns, which the data decide: three 200 x 200 blocks are 960 KB, about a thread-pool thread's whole
/// stack, and a stack overflow kills the process (the PowerShell session with it) instead of raising an error. Blocks
/// up to 32 x 32 stay on the stack, where the common small terms want them; larger ones are allocated once per call.</summary>
internal static class StackScratch
{
    public const int MaxDoubles = 32 * 32;
}
