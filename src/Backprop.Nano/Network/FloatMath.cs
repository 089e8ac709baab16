namespace Backprop.Nano
{
    /// <summary>
    /// Single-precision exp, log, tanh, sigmoid, sin and sqrt built from +, -, *, / only.
    /// </summary>
    /// <remarks>
    /// nanoFramework has no float System.Math (and the ESP32 FPU has no double), so the
    /// library computes these itself. Using only the four IEEE-754 operations, in a fixed
    /// order, makes every result bit-identical on any runtime that rounds binary32 to nearest
    /// (desktop .NET on x64/ARM64, nanoCLR on the ESP32's single-precision FPU).
    /// Outputs never fall into the subnormal range, where some FPUs flush to zero (Log1p returns a
    /// subnormal input as it is, as it does every |x| below 2^-26).
    /// Measured error against double-precision references: see README ("Float math").
    /// </remarks>
    public static class FloatMath
    {
        // Below ln(2^-126) the true exp is subnormal; returning 0 keeps every runtime identical.
        private const float MinExpArgument = -87.33654f;
        // Above ln(float.MaxValue) exp overflows.
        private const float MaxExpArgument = 88.72283f;
        private const float Log2E = 1.44269504f;
        // Cody-Waite split of ln 2: Ln2Hi has few significant bits, so k * Ln2Hi is exact.
        private const float Ln2Hi = 0.693145751953125f;
        private const float Ln2Lo = 1.42860677e-6f;
        // |2x| below ln(2)/2 needs no range reduction, so tanh avoids the cancellation in 1 - e^-2x.
        private const float TanhSeriesLimit = 0.1732868f;
        // Cody-Waite split of 2 pi; TwoPiHi has 8 significant bits, so k * TwoPiHi is exact for |k| < 2^16.
        private const float TwoPiHi = 6.28125f;
        private const float TwoPiLo = 1.9353072e-3f;
        private const float InverseTwoPi = 0.15915494f;
        private const float Pi = 3.14159274f;
        private const float HalfPi = 1.57079637f;
        private const float SinMaxArgument = 100000f;
        private const float SmallestNormal = 1.17549435e-38f;
        private const float Sqrt2 = 1.41421354f;
        private const float Log1pIdentityLimit = 1.49011612e-8f; // 2^-26
        // log(1 + f) = f - f^2/2 + s (f^2/2 + R(s^2)), s = f / (2 + f): fdlibm's e_logf.c coefficients, a minimax
        // fit of (log(1 + f) - 2s) / s - s^2-free terms for |f| below sqrt(2) - 1.
        private const float Lg1 = 6.6666668653e-01f, Lg2 = 4.0000000596e-01f, Lg3 = 2.8571429849e-01f, Lg4 = 2.2222198546e-01f;
        private const float Lg5 = 1.8183572590e-01f, Lg6 = 1.5313838422e-01f, Lg7 = 1.4798198640e-01f;
        // Powers of two for Sqrt's range reduction (exact in float).
        private const float TwoTo64 = 1.84467441e19f, TwoToMinus64 = 5.42101086e-20f;
        private const float TwoTo32 = 4294967296f, TwoToMinus32 = 2.32830644e-10f, TwoToMinus16 = 1.52587891e-5f;

        // 2^k = 2^(k' & 15) * 2^(16 (k' >> 4) - 126) with k' = k + 126 in [0, 254] for Exp's k in [-126, 128]:
        // two lookups instead of a loop of multiplications (nanoCLR interprets every one).
        private static readonly float[] PowerOfTwoLow = PowersOfTwo(1f, 2f);
        private static readonly float[] PowerOfTwoHigh = PowersOfTwo(SmallestNormal, 65536f);

        /// <summary>True when <paramref name="value"/> is neither NaN nor infinite.</summary>
        public static bool IsFinite(float value)
        {
            // x - x is 0 for every finite x and NaN for NaN and both infinities.
            return value - value == 0f;
        }

        /// <summary>e^x in float. NaN stays NaN, +inf gives +inf, -inf gives 0.</summary>
        public static float Exp(float x)
        {
            // NaN fails the test too, and NaN + inf stays NaN. (No call to float.IsNaN: a call costs on nanoCLR.)
            if (!(x <= MaxExpArgument)) return x + float.PositiveInfinity;
            if (x < MinExpArgument) return 0f;

            // x = k ln2 + r with |r| <= ln2 / 2, so e^x = 2^k e^r, k in [-126, 128].
            float kReal = x * Log2E;
            int k = (int)(0f <= kReal ? kReal + 0.5f : kReal - 0.5f);
            float kFloat = k;
            float r = (x - kFloat * Ln2Hi) - kFloat * Ln2Lo;
            // e^r = 1 + ExpMinusOneSmall(r), written out (no call); e^r in [0.7, 1.5] times 2^(k' & 15) is exact,
            // times 2^(16 (k' >> 4) - 126) rounds once: e^r 2^k correctly rounded, as any exact scaling gives it.
            float expR = 1f + r * (1f + r * (0.5f + r * (1.6666667e-1f + r * (4.1666668e-2f
                + r * (8.3333338e-3f + r * (1.3888889e-3f + r * 1.9841270e-4f))))));
            int shifted = k + 126;
            return expR * PowerOfTwoLow[shifted & 15] * PowerOfTwoHigh[shifted >> 4];
        }

        /// <summary>
        /// Natural logarithm in float: +0 and -0 give -inf, +inf gives +inf, a negative number or NaN gives NaN.
        /// Subnormal inputs are exact to scale (they are multiplied by 2^24 first).
        /// </summary>
        public static float Log(float x)
        {
            // "not above 0" is also true for NaN in .NET; x == 0f is false for NaN, so NaN returns NaN.
            if (!(0f < x)) return x == 0f ? float.NegativeInfinity : float.NaN;
            if (float.MaxValue < x) return x;
            // x = 2^k m with m in [sqrt(2)/2, sqrt(2)); every scaling is by a power of two, so exact.
            int k = 0;
            if (x < SmallestNormal) { x *= 16777216f; k = -24; }
            while (65536f <= x) { x *= 1.52587891e-5f; k += 16; }
            while (2f <= x) { x *= 0.5f; k++; }
            while (x < 1.52587891e-5f) { x *= 65536f; k -= 16; }
            while (x < 1f) { x *= 2f; k--; }
            if (Sqrt2 <= x) { x *= 0.5f; k++; }
            // m - 1 is exact (m in [1/2, 2]); log x = k ln2 + log(1 + f) with k ln2 split as in Exp.
            float kFloat = k;
            return kFloat * Ln2Hi + (LogOnePlusSmall(x - 1f) + kFloat * Ln2Lo);
        }

        /// <summary>
        /// log(1 + x) in float, accurate also where 1 + x would round (x near 0): -1 gives -inf, below -1 or NaN gives NaN.
        /// </summary>
        public static float Log1p(float x)
        {
            // log(1 + x) = x (1 - x/2 + ...) rounds to x there; the kernel's s = x / (2 + x) would be subnormal.
            if (-Log1pIdentityLimit < x && x < Log1pIdentityLimit) return x;
            // The kernel's range [sqrt(2)/2 - 1, sqrt(2) - 1); outside it 1 + x loses at most half an ulp of a
            // number of magnitude above 0.29, which the logarithm turns into an absolute error below 2^-24.
            if (-0.29289323f <= x && x < 0.41421354f) return LogOnePlusSmall(x);
            return Log(1f + x);
        }

        /// <summary>Hyperbolic tangent in float; +-inf give +-1.</summary>
        public static float Tanh(float x)
        {
            // NaN takes the second branch and stays NaN (Exp(NaN) is NaN).
            float magnitude = x < 0f ? -x : x;
            float result;
            if (magnitude < TanhSeriesLimit)
            {
                // tanh(a) = -(e^-2a - 1) / (e^-2a + 1), with e^-2a - 1 from the series (no cancellation).
                float expMinusOne = ExpMinusOneSmall(-2f * magnitude);
                result = -expMinusOne / (2f + expMinusOne);
            }
            else
            {
                float t = Exp(-2f * magnitude);
                result = (1f - t) / (1f + t);
            }
            return x < 0f ? -result : result;
        }

        /// <summary>Logistic sigmoid 1 / (1 + e^-x) in float; 0 below about -87.3, where the true value is subnormal.</summary>
        public static float Sigmoid(float x)
        {
            if (0f <= x)
            {
                return 1f / (1f + Exp(-x));
            }
            // e^x / (1 + e^x) keeps full relative precision for large negative x; NaN comes here and stays NaN.
            float e = Exp(x);
            return e / (1f + e);
        }

        /// <summary>
        /// Sine in float for |x| &lt;= 100000 (NaN beyond, and for NaN and infinities):
        /// reduction to [-pi/2, pi/2], then the Taylor series to x^11. Measured absolute error:
        /// 2.3e-7 for |x| &lt;= 1000, 1.2e-6 up to 1e5 (the reduction's rounding grows with x).
        /// </summary>
        public static float Sin(float x)
        {
            if (!(-SinMaxArgument <= x && x <= SinMaxArgument)) return float.NaN;
            float kReal = x * InverseTwoPi;
            int k = (int)(0f <= kReal ? kReal + 0.5f : kReal - 0.5f);
            float r = (x - k * TwoPiHi) - k * TwoPiLo;
            // sin(r) = sin(pi - r) folds [-pi, pi] onto [-pi/2, pi/2].
            if (HalfPi < r) r = Pi - r;
            else if (r < -HalfPi) r = -Pi - r;
            float r2 = r * r;
            return r * (1f + r2 * (-1.6666667e-1f + r2 * (8.3333338e-3f + r2 * (-1.9841270e-4f
                + r2 * (2.7557319e-6f + r2 * -2.5052108e-8f)))));
        }

        /// <summary>
        /// Square root by Newton's method (weight initialization, the standardizer's spread, and Adam once per
        /// parameter and update). Negative or NaN input gives NaN; 0 and +inf give themselves. Within 1 ulp of the
        /// correctly rounded root (a quarter of all inputs are 1 ulp off).
        /// </summary>
        /// <remarks>
        /// x is brought into [0.25, 1) by at most seven exact multiplications by powers of 4 chosen by comparisons
        /// (no loop), then three Newton steps from the linear minimax start 0.343146 + 0.686292 x (relative error
        /// 3%, then 4e-4, 1e-7, below float precision). These are the bits of the earlier version, which reduced by 4
        /// a step at a time and took six Newton steps from 1: checked equal, in C with the same float operations,
        /// for every positive float, subnormals included; faster on nanoCLR for Adam's small second moments.
        /// </remarks>
        public static float Sqrt(float x)
        {
            if (!(0f <= x)) return float.NaN;
            if (x == 0f || x == float.PositiveInfinity) return x;

            // sqrt(x 4^k) = sqrt(x) 2^k: every factor is a power of two, so nothing rounds until the Newton steps.
            float scale = 1f;
            if (x < 0.25f)
            {
                // Twice 2^64: a subnormal x needs up to 2^148.
                if (x < TwoToMinus64) { x *= TwoTo64; scale *= TwoToMinus32; }
                if (x < TwoToMinus64) { x *= TwoTo64; scale *= TwoToMinus32; }
                if (x < TwoToMinus32) { x *= TwoTo32; scale *= TwoToMinus16; }
                if (x < TwoToMinus16) { x *= 65536f; scale *= 0.00390625f; }
                if (x < 0.00390625f) { x *= 256f; scale *= 0.0625f; }
                if (x < 0.0625f) { x *= 16f; scale *= 0.25f; }
                if (x < 0.25f) { x *= 4f; scale *= 0.5f; }
            }
            else if (1f <= x)
            {
                if (TwoTo64 <= x) { x *= TwoToMinus64; scale *= TwoTo32; }
                if (TwoTo32 <= x) { x *= TwoToMinus32; scale *= 65536f; }
                if (65536f <= x) { x *= TwoToMinus16; scale *= 256f; }
                if (256f <= x) { x *= 0.00390625f; scale *= 16f; }
                if (16f <= x) { x *= 0.0625f; scale *= 4f; }
                if (4f <= x) { x *= 0.25f; scale *= 2f; }
                if (1f <= x) { x *= 0.25f; scale *= 2f; }
            }
            // y stays at or above sqrt(x) >= 0.5 after the first step (and starts at 0.51 or more).
            float y = 0.343146f + 0.686292f * x;
            y = 0.5f * (y + x / y);
            y = 0.5f * (y + x / y);
            y = 0.5f * (y + x / y);
            return y * scale;
        }

        // e^r - 1 for |r| <= ln2 / 2: Taylor series to r^7 in Horner form; the r^8 term is below 2^-24.
        private static float ExpMinusOneSmall(float r)
        {
            return r * (1f + r * (0.5f + r * (1.6666667e-1f + r * (4.1666668e-2f
                + r * (8.3333338e-3f + r * (1.3888889e-3f + r * 1.9841270e-4f))))));
        }

        // log(1 + f) for f in [sqrt(2)/2 - 1, sqrt(2) - 1) (fdlibm's __ieee754_logf kernel, in float): 2 + f is at
        // least 1.7, so the division is safe, and f - (f^2/2 - s (f^2/2 + R)) keeps full relative precision near 0.
        private static float LogOnePlusSmall(float f)
        {
            float s = f / (2f + f);
            float z = s * s;
            float w = z * z;
            float r = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7))) + w * (Lg2 + w * (Lg4 + w * Lg6));
            float halfSquare = 0.5f * f * f;
            return f - (halfSquare - s * (halfSquare + r));
        }

        // first, first * ratio, first * ratio^2, ... (16 values): exact when first and ratio are powers of two.
        private static float[] PowersOfTwo(float first, float ratio)
        {
            var powers = new float[16];
            powers[0] = first;
            for (int k = 1; k < powers.Length; k++) powers[k] = powers[k - 1] * ratio;
            return powers;
        }
    }
}
