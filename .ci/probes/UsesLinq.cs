// CI probe: LINQ is not in nanoFramework; this must NOT compile in Backprop.Nano.NanoApiCheck.
using System.Linq;

namespace Backprop.Nano
{
    internal static class UsesLinq
    {
        public static float Probe(float[] values)
        {
            return values.Sum();
        }
    }
}
