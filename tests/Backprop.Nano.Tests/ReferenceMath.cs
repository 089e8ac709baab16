namespace Backprop.Nano.Tests
{
    /// <summary>
    /// Double-precision reference functions for the tests, from +, -, *, / only, because
    /// nanoFramework's CoreLibrary has no System.Math. Accurate to about 1e-15 relative.
    /// </summary>
    public static class ReferenceMath
    {
        private const double Ln2 = 0.69314718055994530942;

        public static double Exp(double x)
        {
            if (709 < x) return double.PositiveInfinity;
            if (x < -745) return 0;
            // e^x = 2^k e^r, |r| <= ln2 / 2, with the Taylor series of e^r to 20 terms.
            int k = (int)(x / Ln2 + (0 <= x ? 0.5 : -0.5));
            double r = x - k * Ln2;
            double term = 1, sum = 1;
            for (int n = 1; n <= 20; n++)
            {
                term *= r / n;
                sum += term;
            }
            double scale = k >= 0 ? 2 : 0.5;
            for (int n = k >= 0 ? k : -k; n > 0; n--) sum *= scale;
            return sum;
        }

        /// <summary>Natural log of a positive finite x: x = 2^k m, m in [sqrt(1/2), sqrt(2)), then 2 atanh((m - 1) / (m + 1)).</summary>
        public static double Log(double x)
        {
            int k = 0;
            while (2 <= x) { x *= 0.5; k++; }
            while (x < 1) { x *= 2; k--; }
            if (1.4142135623730951 <= x) { x *= 0.5; k++; }
            double s = (x - 1) / (x + 1), s2 = s * s, term = s, sum = 0;
            for (int n = 1; n < 60; n += 2)
            {
                sum += term / n;
                term *= s2;
            }
            return k * Ln2 + 2 * sum;
        }

        public static double Sigmoid(double x)
        {
            return 0 <= x ? 1 / (1 + Exp(-x)) : Exp(x) / (1 + Exp(x));
        }

        public static double Tanh(double x)
        {
            double a = x < 0 ? -x : x;
            double result;
            if (a < 0.5)
            {
                // tanh = sinh / cosh from their series (terms a^k / k!), no cancellation near 0.
                double sinh = 0, cosh = 0, term = 1;
                for (int k = 0; k < 30; k++)
                {
                    if (k % 2 == 0) cosh += term; else sinh += term;
                    term *= a / (k + 1);
                }
                result = sinh / cosh;
            }
            else
            {
                double t = Exp(-2 * a);
                result = (1 - t) / (1 + t);
            }
            return x < 0 ? -result : result;
        }

        public static double Sin(double x)
        {
            const double TwoPi = 6.28318530717958647692;
            double r = x - (int)(x / TwoPi + (0 <= x ? 0.5 : -0.5)) * TwoPi;
            double term = r, sum = 0;
            for (int n = 1; n < 40; n += 2)
            {
                sum += term;
                term *= -r * r / ((n + 1) * (n + 2));
            }
            return sum;
        }

        /// <summary>Square root by Newton's method in double, for x >= 0 (about 1e-16 relative).</summary>
        public static double Sqrt(double x)
        {
            if (x <= 0) return 0;
            // Into [1, 4) by powers of 4, which change the root by exact powers of 2.
            double scale = 1;
            while (4 <= x) { x *= 0.25; scale *= 2; }
            while (x < 1) { x *= 4; scale *= 0.5; }
            double y = 1.5;
            for (int n = 0; n < 8; n++) y = 0.5 * (y + x / y);
            return y * scale;
        }

        public static double Apply(Activation activation, double u)
        {
            switch (activation)
            {
                case Activation.Relu: return 0 < u ? u : 0;
                case Activation.Sigmoid: return Sigmoid(u);
                case Activation.Tanh: return Tanh(u);
                case Activation.Softmax: throw new System.ArgumentException("softmax is a function of the whole layer", "activation");
                default: return u;
            }
        }
    }
}
