#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#endif

namespace Backprop.Nano.Tests
{
    [TestClass]
    public class FloatMathTests
    {
        // The documented bounds (README, "Float math"); the desktop-only dense sweep measures the actual maxima.
        public const double ExpMaxRelativeError = 1.5e-7;
        public const double SigmoidMaxRelativeError = 2.5e-7;
        public const double TanhMaxRelativeError = 3.0e-7;
        public const double LogMaxRelativeError = 2.0e-7;
        public const double Log1pMaxRelativeError = 2.0e-7;
        private const int GridPoints = 3001;

        [TestMethod]
        public void Exp_is_within_its_bound_of_the_double_reference()
        {
            for (int k = 0; k < GridPoints; k++)
            {
                float x = GridPoint(-87.3f, 88.7f, k);
                Expect.Near(ReferenceMath.Exp(x), FloatMath.Exp(x), 0, ExpMaxRelativeError, "Exp(" + x + ")");
            }
        }

        [TestMethod]
        public void Sigmoid_is_within_its_bound_of_the_double_reference()
        {
            for (int k = 0; k < GridPoints; k++)
            {
                float x = GridPoint(-87f, 40f, k);
                Expect.Near(ReferenceMath.Sigmoid(x), FloatMath.Sigmoid(x), 0, SigmoidMaxRelativeError, "Sigmoid(" + x + ")");
            }
        }

        [TestMethod]
        public void Tanh_is_within_its_bound_of_the_double_reference()
        {
            for (int k = 0; k < GridPoints; k++)
            {
                float x = GridPoint(-10f, 10f, k);
                Expect.Near(ReferenceMath.Tanh(x), FloatMath.Tanh(x), 0, TanhMaxRelativeError, "Tanh(" + x + ")");
            }
            // Near 0, where 1 - e^-2x would cancel.
            for (float x = 1e-30f; x < 1f; x *= 1.7f)
            {
                Expect.Near(ReferenceMath.Tanh(x), FloatMath.Tanh(x), 0, TanhMaxRelativeError, "Tanh(" + x + ")");
                Expect.Near(ReferenceMath.Tanh(-x), FloatMath.Tanh(-x), 0, TanhMaxRelativeError, "Tanh(" + -x + ")");
            }
        }

        [TestMethod]
        public void Log_is_within_its_bound_of_the_double_reference_from_subnormals_to_MaxValue()
        {
            // Every binade, at irregular points, the subnormals included (from 2 * 2^-149: 1.37 times the smallest
            // float, 2^-149, rounds back to it).
            Expect.Near(ReferenceMath.Log(1.4e-45f), FloatMath.Log(1.4e-45f), 0, LogMaxRelativeError, "Log(2^-149)");
            for (float x = 2.8e-45f; x < 3e38f; x *= 1.37f)
            {
                Expect.Near(ReferenceMath.Log(x), FloatMath.Log(x), 0, LogMaxRelativeError, "Log(" + x + ")");
            }
            // Densely around 1, where log x is small and must keep its relative precision.
            for (int k = 0; k < GridPoints; k++)
            {
                float x = GridPoint(0.5f, 2f, k);
                if (x == 1f) continue;
                Expect.Near(ReferenceMath.Log(x), FloatMath.Log(x), 0, LogMaxRelativeError, "Log(" + x + ")");
            }
            Expect.Near(ReferenceMath.Log(float.MaxValue), FloatMath.Log(float.MaxValue), 0, LogMaxRelativeError, "Log(MaxValue)");
            Expect.Near(ReferenceMath.Log(1.17549435e-38f), FloatMath.Log(1.17549435e-38f), 0, LogMaxRelativeError, "Log(smallest normal)");
            Expect.Near(ReferenceMath.Log(1.00000012f), FloatMath.Log(1.00000012f), 0, LogMaxRelativeError, "Log(1 + 2^-23)");
            Expect.Near(ReferenceMath.Log(0.99999994f), FloatMath.Log(0.99999994f), 0, LogMaxRelativeError, "Log(1 - 2^-24)");
            Assert.AreEqual(0u, LittleEndian.SingleToBits(FloatMath.Log(1f)), "Log(1) is +0");
        }

        [TestMethod]
        public void Log_of_zero_negative_nan_and_infinity()
        {
            Assert.AreEqual(0xFF800000u, LittleEndian.SingleToBits(FloatMath.Log(0f)), "Log(0) = -inf");
            Assert.AreEqual(0xFF800000u, LittleEndian.SingleToBits(FloatMath.Log(-0f)), "Log(-0) = -inf");
            Assert.AreEqual(0x7F800000u, LittleEndian.SingleToBits(FloatMath.Log(float.PositiveInfinity)), "Log(+inf) = +inf");
            Assert.IsTrue(float.IsNaN(FloatMath.Log(-1f)), "Log(-1)");
            Assert.IsTrue(float.IsNaN(FloatMath.Log(-1e-45f)), "Log(-subnormal)");
            Assert.IsTrue(float.IsNaN(FloatMath.Log(float.NegativeInfinity)), "Log(-inf)");
            Assert.IsTrue(float.IsNaN(FloatMath.Log(float.NaN)), "Log(NaN)");
            Assert.AreEqual(0xFF800000u, LittleEndian.SingleToBits(FloatMath.Log1p(-1f)), "Log1p(-1) = -inf");
            Assert.IsTrue(float.IsNaN(FloatMath.Log1p(-2f)), "Log1p(-2)");
            Assert.IsTrue(float.IsNaN(FloatMath.Log1p(float.NaN)), "Log1p(NaN)");
            Assert.AreEqual(0u, LittleEndian.SingleToBits(FloatMath.Log1p(0f)), "Log1p(0) is +0");
        }

        [TestMethod]
        public void Log1p_keeps_its_relative_precision_where_1_plus_x_rounds()
        {
            for (float x = 1e-30f; x < 1e30f; x *= 1.9f)
            {
                Expect.Near(ReferenceLog1p(x), FloatMath.Log1p(x), 0, Log1pMaxRelativeError, "Log1p(" + x + ")");
                if (x < 1f) Expect.Near(ReferenceLog1p(-x), FloatMath.Log1p(-x), 0, Log1pMaxRelativeError, "Log1p(" + -x + ")");
            }
            for (int k = 0; k < GridPoints; k++)
            {
                float x = GridPoint(-0.99f, 3f, k);
                if (x == 0f) continue;
                Expect.Near(ReferenceLog1p(x), FloatMath.Log1p(x), 0, Log1pMaxRelativeError, "Log1p(" + x + ")");
            }
        }

        // log(1 + x) in double: 1 + x is exact in double for these floats above 2^-29, and below, x - x^2/2 + x^3/3 is.
        private static double ReferenceLog1p(float x)
        {
            double v = x;
            double magnitude = v < 0 ? -v : v;
            return magnitude < 1e-8 ? v - v * v / 2 + v * v * v / 3 : ReferenceMath.Log(1 + v);
        }

        [TestMethod]
        public void Extreme_inputs_give_the_limits_without_nan()
        {
            float[] huge = { float.PositiveInfinity, 1e30f, float.MaxValue, 89f };
            for (int k = 0; k < huge.Length; k++)
            {
                float x = huge[k];
                Assert.AreEqual(float.PositiveInfinity, FloatMath.Exp(x), "Exp(" + x + ")");
                Assert.AreEqual(0f, FloatMath.Exp(-x), "Exp(" + -x + ")");
                Assert.AreEqual(1f, FloatMath.Sigmoid(x), "Sigmoid(" + x + ")");
                Assert.AreEqual(0f, FloatMath.Sigmoid(-x), "Sigmoid(" + -x + ")");
                Assert.AreEqual(1f, FloatMath.Tanh(x), "Tanh(" + x + ")");
                Assert.AreEqual(-1f, FloatMath.Tanh(-x), "Tanh(" + -x + ")");
            }
            Assert.AreEqual(1f, FloatMath.Exp(0f), "Exp(0)");
            Assert.AreEqual(0.5f, FloatMath.Sigmoid(0f), "Sigmoid(0)");
            Assert.AreEqual(0f, FloatMath.Tanh(0f), "Tanh(0)");
        }

        [TestMethod]
        public void Results_never_fall_into_the_subnormal_range()
        {
            const float SmallestNormal = 1.17549435e-38f;
            for (float x = -80f; -120f < x; x -= 0.01f)
            {
                float e = FloatMath.Exp(x);
                float s = FloatMath.Sigmoid(x);
                Assert.IsTrue(e == 0f || SmallestNormal <= e, "Exp(" + x + ") = " + e);
                Assert.IsTrue(s == 0f || SmallestNormal <= s, "Sigmoid(" + x + ") = " + s);
            }
        }

        [TestMethod]
        public void Nan_stays_nan()
        {
            Assert.IsTrue(float.IsNaN(FloatMath.Exp(float.NaN)), "Exp");
            Assert.IsTrue(float.IsNaN(FloatMath.Sigmoid(float.NaN)), "Sigmoid");
            Assert.IsTrue(float.IsNaN(FloatMath.Tanh(float.NaN)), "Tanh");
            Assert.IsTrue(float.IsNaN(FloatMath.Sqrt(-1f)), "Sqrt(-1)");
            // With "x >= 0" as its guard, Sqrt looped forever on NaN in nanoCLR, where NaN >= 0 is true.
            Assert.IsTrue(float.IsNaN(FloatMath.Sqrt(float.NaN)), "Sqrt(NaN)");
            Assert.IsTrue(float.IsNaN(FloatMath.Sin(float.NaN)), "Sin(NaN)");
            Assert.IsTrue(float.IsNaN(FloatMath.Log(float.NaN)), "Log(NaN)");
            Assert.IsFalse(FloatMath.IsFinite(float.NaN), "IsFinite(NaN)");
            Assert.IsFalse(FloatMath.IsFinite(float.NegativeInfinity), "IsFinite(-inf)");
            Assert.IsTrue(FloatMath.IsFinite(float.MaxValue), "IsFinite(MaxValue)");
        }

        [TestMethod]
        public void Relu_maps_NaN_to_zero_in_the_activation_and_its_derivative()
        {
            // nanoCLR takes NaN > 0 as true, so the ReLU must be written as 0 < u to hold there too.
            float[] u = { float.NaN, float.NegativeInfinity, float.PositiveInfinity, -0f, 2f };
            Activations.Apply(Activation.Relu, u, u.Length);
            Expect.SameValues(new[] { 0f, 0f, float.PositiveInfinity, 0f, 2f }, u, "relu(u)");

            float[] z = { float.NaN, 0f, 3f };
            float[] delta = { 5f, 5f, 5f };
            Activations.MultiplyByDerivative(Activation.Relu, delta, z, z.Length);
            Expect.SameValues(new[] { 0f, 0f, 5f }, delta, "delta * relu'(z)");
        }

        [TestMethod]
        public void Sqrt_inverts_squaring()
        {
            for (float x = 1e-20f; x < 1e20f; x *= 3.1f)
            {
                float root = FloatMath.Sqrt(x);
                Expect.Near(x, (double)root * root, 0, 3e-7, "Sqrt(" + x + ")^2");
            }
            Assert.AreEqual(0f, FloatMath.Sqrt(0f), "Sqrt(0)");
            Assert.AreEqual(3f, FloatMath.Sqrt(9f), "Sqrt(9)");
        }

        [TestMethod]
        public void Sin_is_within_3e_7_absolute_of_the_double_reference()
        {
            for (int k = 0; k < GridPoints; k++)
            {
                float x = GridPoint(-100f, 100f, k);
                Expect.Near(ReferenceMath.Sin(x), FloatMath.Sin(x), 3e-7, 0, "Sin(" + x + ")");
            }
            Assert.IsTrue(float.IsNaN(FloatMath.Sin(float.PositiveInfinity)), "Sin(inf)");
            Assert.IsTrue(float.IsNaN(FloatMath.Sin(1e6f)), "Sin beyond its range");
        }

        private static float GridPoint(float low, float high, int k)
        {
            return low + (high - low) * k / (GridPoints - 1);
        }
    }
}
