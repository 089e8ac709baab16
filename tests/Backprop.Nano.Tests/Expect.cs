using System;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#endif

namespace Backprop.Nano.Tests
{
    /// <summary>
    /// The few assertions that nanoFramework.TestFramework and MSTest do not share:
    /// float tolerance and expected exceptions.
    /// </summary>
    public static class Expect
    {
        /// <summary>|expected - actual| within absolute + relative * |expected|.</summary>
        public static void Near(double expected, double actual, double absolute, double relative, string what)
        {
            double difference = expected - actual;
            if (difference < 0) difference = -difference;
            double magnitude = expected < 0 ? -expected : expected;
            Assert.IsTrue(difference <= absolute + relative * magnitude,
                what + ": expected " + expected + ", got " + actual);
        }

        /// <summary>Runs <paramref name="action"/> and checks it throws <paramref name="exceptionType"/> or a subclass.</summary>
        public static Exception Throws(Type exceptionType, Action action, string what)
        {
            Exception caught = null;
            try
            {
                action();
            }
            catch (Exception exception)
            {
                caught = exception;
            }
            Assert.IsTrue(caught != null, what + ": no exception was thrown");
            Assert.IsTrue(exceptionType.IsInstanceOfType(caught),
                what + ": expected " + exceptionType.FullName + ", got " + caught.GetType().FullName);
            return caught;
        }

        /// <summary>Like <see cref="Throws"/> for ArgumentException, also checking the parameter it names.</summary>
        public static void ThrowsArgument(string parameterName, Action action, string what)
        {
            var exception = (ArgumentException)Throws(typeof(ArgumentException), action, what);
            Assert.AreEqual(parameterName, exception.ParamName, what + ": ParamName");
        }

        /// <summary>Every element equal to the bit (any NaN equals any NaN; -0 differs from +0).</summary>
        /// <remarks>
        /// Compares bits, not floats: float equality takes -0 for +0 everywhere, and in nanoCLR
        /// also -infinity for +infinity.
        /// </remarks>
        public static void SameValues(float[] expected, float[] actual, string what)
        {
            Assert.AreEqual(expected.Length, actual.Length, what + ": length");
            for (int k = 0; k < expected.Length; k++)
            {
                Assert.AreEqual(LittleEndian.SingleToBits(expected[k]), LittleEndian.SingleToBits(actual[k]), what + "[" + k + "] bits");
            }
        }

        /// <summary>Every buffer of the list (W1, b1, W2, b2) equal to the bit; two nulls are the same too.</summary>
        public static void SameValues(ParameterBuffers expected, ParameterBuffers actual, string what)
        {
            Assert.AreEqual(expected == null, actual == null, what + ": both present or both null");
            if (expected == null) return;
            for (int k = 0; k < ParameterBuffers.Count; k++)
            {
                SameValues(expected.Get(k), actual.Get(k), what + " " + ParameterBuffers.NameOf(k));
            }
        }

        /// <summary>A copy, for before/after comparisons.</summary>
        public static float[] Copy(float[] source)
        {
            var copy = new float[source.Length];
            Array.Copy(source, copy, source.Length);
            return copy;
        }
    }
}
