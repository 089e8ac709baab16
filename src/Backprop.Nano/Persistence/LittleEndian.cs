namespace Backprop.Nano
{
    /// <summary>
    /// Little-endian integers and IEEE-754 float32 in byte arrays, without allocating
    /// (BitConverter.GetBytes allocates, and nanoFramework has no SingleToInt32Bits).
    /// </summary>
    public static class LittleEndian
    {
        private static readonly float[] UpPowers = { 1.8446744e19f, 4.2949673e9f, 65536f, 256f, 16f, 4f, 2f };
        private static readonly float[] DownPowers = { 5.421011e-20f, 2.3283064e-10f, 1.5258789e-5f, 0.00390625f, 0.0625f, 0.25f, 0.5f };
        private static readonly int[] Shifts = { 64, 32, 16, 8, 4, 2, 1 };
        private const float TwoPow23 = 8388608f;
        private const float TwoPow126 = 8.507059e37f;
        private const float SmallestNormal = 1.17549435e-38f;

        /// <summary>Writes <paramref name="value"/> at buffer[offset..offset+4).</summary>
        public static void WriteUInt32(byte[] buffer, int offset, uint value)
        {
            buffer[offset] = (byte)value;
            buffer[offset + 1] = (byte)(value >> 8);
            buffer[offset + 2] = (byte)(value >> 16);
            buffer[offset + 3] = (byte)(value >> 24);
        }

        /// <summary>Reads the uint32 at buffer[offset..offset+4).</summary>
        public static uint ReadUInt32(byte[] buffer, int offset)
        {
            return buffer[offset] | ((uint)buffer[offset + 1] << 8) | ((uint)buffer[offset + 2] << 16) | ((uint)buffer[offset + 3] << 24);
        }

        /// <summary>Writes the float's IEEE-754 bits (any NaN as the quiet NaN 0x7FC00000).</summary>
        public static void WriteSingle(byte[] buffer, int offset, float value)
        {
            WriteUInt32(buffer, offset, SingleToBits(value));
        }

        /// <summary>Reads the float whose IEEE-754 bits are at buffer[offset..offset+4).</summary>
        public static float ReadSingle(byte[] buffer, int offset)
        {
            return BitsToSingle(ReadUInt32(buffer, offset));
        }

        /// <summary>The IEEE-754 bits of <paramref name="value"/>, computed with float arithmetic only (exact).</summary>
        public static uint SingleToBits(float value)
        {
            if (float.IsNaN(value)) return 0x7FC00000u;
            // Only the bits tell -0 from +0. Not 1 / value: nanoCLR throws on float division by zero.
            // float to double is exact, and DoubleToInt64Bits is a native call that allocates nothing.
            bool negative = value < 0f || (value == 0f && System.BitConverter.DoubleToInt64Bits(value) < 0);
            uint sign = negative ? 0x80000000u : 0u;
            float magnitude = negative ? -value : value;
            if (magnitude == 0f) return sign;
            if (float.IsPositiveInfinity(magnitude)) return sign | 0x7F800000u;
            if (magnitude < SmallestNormal)
            {
                // Subnormal: the bits are magnitude * 2^149, an exact integer.
                return sign | (uint)(magnitude * TwoPow126 * TwoPow23);
            }
            // Scale into [1, 2) by exact powers of two, largest first.
            int exponent = 0;
            for (int k = 0; k < Shifts.Length; k++)
            {
                if (UpPowers[k] <= magnitude) { magnitude *= DownPowers[k]; exponent += Shifts[k]; }
            }
            for (int k = 0; k < Shifts.Length; k++)
            {
                if (magnitude * UpPowers[k] < 2f) { magnitude *= UpPowers[k]; exponent -= Shifts[k]; }
            }
            uint mantissa = (uint)((magnitude - 1f) * TwoPow23);
            return sign | ((uint)(exponent + 127) << 23) | mantissa;
        }

        /// <summary>The float with IEEE-754 bits <paramref name="bits"/>, computed with float arithmetic only (exact).</summary>
        public static float BitsToSingle(uint bits)
        {
            bool negative = (bits & 0x80000000u) != 0;
            int exponent = (int)((bits >> 23) & 0xFF);
            uint mantissa = bits & 0x7FFFFFu;
            float magnitude;
            if (exponent == 255)
            {
                magnitude = mantissa == 0 ? float.PositiveInfinity : float.NaN;
            }
            else if (exponent == 0)
            {
                magnitude = mantissa / TwoPow23 / TwoPow126;
            }
            else
            {
                magnitude = 1f + mantissa / TwoPow23;
                int shift = exponent - 127;
                for (int k = 0; k < Shifts.Length; k++)
                {
                    if (shift >= Shifts[k]) { magnitude *= UpPowers[k]; shift -= Shifts[k]; }
                    else if (-shift >= Shifts[k]) { magnitude *= DownPowers[k]; shift += Shifts[k]; }
                }
            }
            return negative ? -magnitude : magnitude;
        }
    }
}
