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
