// CI probe: must NOT compile in Backprop.Nano.NanoApiCheck, proving that the check rejects APIs
// nanoFramework lacks. .ci/run builds it on purpose and expects the error.
namespace Backprop.Nano
{
    internal static class UsesSystemMath
    {
        public static double Probe(double x)
        {
            return System.Math.Exp(x);
        }
    }
}
