using System;

namespace Backprop.Nano.Tests
{
    /// <summary>
    /// Desktop only: a dense sweep against System.Math in double, printing the measured
    /// maximum relative errors that the README quotes and checking the documented bounds.
    /// </summary>
    [TestClass]
    public class FloatMathAccuracyTests
    {
        private const int Points = 4_000_000;

        [TestMethod]
        public void Sqrt_gives_the_bits_of_the_earlier_loop_version_and_is_within_one_ulp_of_the_correct_root()
        {
            // Every 127th positive float (17 million, all exponents, subnormals included; an exhaustive run in C with
            // the same operations found no difference either) and both neighbours of every power of two.
            int checkedCount = 0, oneUlpOff = 0;
            void Compare(uint bits)
            {
                float x = BitConverter.UInt32BitsToSingle(bits);
                float root = FloatMath.Sqrt(x);
                Assert.AreEqual(BitConverter.SingleToUInt32Bits(EarlierSqrt(x)), BitConverter.SingleToUInt32Bits(root), "Sqrt of 0x" + bits.ToString("X8"));
                long ulps = Math.Abs((long)BitConverter.SingleToUInt32Bits(root) - BitConverter.SingleToUInt32Bits(MathF.Sqrt(x)));
                Assert.IsLessThanOrEqualTo(1L, ulps, "ulps from the correctly rounded root of 0x" + bits.ToString("X8"));
                checkedCount++;
                if (ulps == 1) oneUlpOff++;
            }
            for (uint bits = 1; bits < 0x7F800000u; bits += 127) Compare(bits);
            for (uint exponent = 0; exponent < 255; exponent++)
            {
                uint power = exponent << 23;
                if (power > 0) Compare(power - 1);
                if (power > 0) Compare(power);
                Compare(power + 1);
            }
            Console.WriteLine($"Sqrt: {checkedCount} inputs, {oneUlpOff} ({100.0 * oneUlpOff / checkedCount:F1}%) one ulp from the correctly rounded root");
            Assert.AreEqual(BitConverter.SingleToUInt32Bits(-0f), BitConverter.SingleToUInt32Bits(FloatMath.Sqrt(-0f)), "-0 stays -0");
            Assert.AreEqual(float.PositiveInfinity, FloatMath.Sqrt(float.PositiveInfinity));
            Assert.IsTrue(float.IsNaN(FloatMath.Sqrt(float.NegativeInfinity)), "Sqrt(-inf)");
        }

        // FloatMath.Sqrt before issue 10: reduction by 4 one step at a time, six Newton steps from 1.
        private static float EarlierSqrt(float x)
        {
            if (!(0f <= x)) return float.NaN;
            if (x == 0f || x == float.PositiveInfinity) return x;
            float scale = 1f;
            while (1f <= x) { x *= 0.25f; scale *= 2f; }
            while (x < 0.25f) { x *= 4f; scale *= 0.5f; }
            float y = 1f;
            for (int iteration = 0; iteration < 6; iteration++) y = 0.5f * (y + x / y);
            return y * scale;
        }

        [TestMethod]
        public void Dense_sweep_stays_within_the_documented_bounds()
        {
            double exp = MaxRelativeError(-87.3f, 88.7f, x => Math.Exp(x), x => FloatMath.Exp(x));
            double sigmoid = MaxRelativeError(-87f, 40f, x => 1 / (1 + Math.Exp(-x)), x => FloatMath.Sigmoid(x));
            double tanh = Math.Max(
                MaxRelativeError(-20f, 20f, Math.Tanh, x => FloatMath.Tanh(x)),
                MaxRelativeError(-1e-3f, 1e-3f, Math.Tanh, x => FloatMath.Tanh(x)));
            // Log: every binade from the smallest subnormal to MaxValue, and densely around 1, where log x is small.
            double log = Math.Max(
                MaxRelativeErrorLogSpaced(1.4e-45, 3.4e38, Math.Log, x => FloatMath.Log(x)),
                MaxRelativeError(0.5f, 2f, Math.Log, x => FloatMath.Log(x)));
            double log1p = Math.Max(
                MaxRelativeError(-0.999f, 4f, Log1p, x => FloatMath.Log1p(x)),
                Math.Max(MaxRelativeErrorLogSpaced(1e-30, 1e30, Log1p, x => FloatMath.Log1p(x)),
                    MaxRelativeErrorLogSpaced(1e-30, 0.999, x => Log1p(-x), x => FloatMath.Log1p(-x))));
            Console.WriteLine($"max relative error: exp {exp:E2}, sigmoid {sigmoid:E2}, tanh {tanh:E2}, log {log:E2}, log1p {log1p:E2}");

            Assert.IsTrue(exp <= FloatMathTests.ExpMaxRelativeError, $"exp {exp:E3}");
            Assert.IsTrue(sigmoid <= FloatMathTests.SigmoidMaxRelativeError, $"sigmoid {sigmoid:E3}");
            Assert.IsTrue(tanh <= FloatMathTests.TanhMaxRelativeError, $"tanh {tanh:E3}");
            Assert.IsTrue(log <= FloatMathTests.LogMaxRelativeError, $"log {log:E3}");
            Assert.IsTrue(log1p <= FloatMathTests.Log1pMaxRelativeError, $"log1p {log1p:E3}");
        }

        // log(1 + x) in double: 1 + x is exact for a float x of magnitude 1e-4 or more, and below, the series is.
        private static double Log1p(double x) =>
            Math.Abs(x) < 1e-4 ? x - x * x / 2 + x * x * x / 3 - x * x * x * x / 4 : Math.Log(1 + x);

        // Points spaced evenly in log x (each rounded to float), so that every binade gets its share.
        private static double MaxRelativeErrorLogSpaced(double low, double high, Func<double, double> reference, Func<float, float> actual)
        {
            double worst = 0, ratio = Math.Pow(high / low, 1.0 / Points);
            for (int k = 0; k <= Points; k++)
            {
                float x = (float)(low * Math.Pow(ratio, k));
                double expected = reference(x);
                double error = Math.Abs(actual(x) - expected) / Math.Abs(expected);
                if (expected != 0 && error > worst) worst = error;
            }
            return worst;
        }

        private static double MaxRelativeError(float low, float high, Func<double, double> reference, Func<float, float> actual)
        {
            double worst = 0;
            for (int k = 0; k <= Points; k++)
            {
                float x = low + (high - low) * k / Points;
                double expected = reference(x);
                double error = Math.Abs(actual(x) - expected) / Math.Abs(expected);
                if (expected != 0 && error > worst) worst = error;
            }
            return worst;
        }
    }
}
