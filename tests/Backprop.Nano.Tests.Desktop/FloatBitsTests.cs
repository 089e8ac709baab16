using System;

namespace Backprop.Nano.Tests
{
    /// <summary>Desktop only: LittleEndian's arithmetic float/bits conversion against the runtime's own.</summary>
    [TestClass]
    public class FloatBitsTests
    {
        [TestMethod]
        public void Arithmetic_bits_match_BitConverter_for_a_million_patterns()
        {
            var random = new Random(17);
            for (int k = 0; k < 1_000_000; k++)
            {
                // Every exponent equally often, so subnormals and extremes are well covered.
                uint pattern = (uint)random.Next() ^ ((uint)random.Next(2) << 31);
                float value = BitConverter.Int32BitsToSingle((int)pattern);
                if (float.IsNaN(value)) continue;
                Assert.AreEqual(pattern, LittleEndian.SingleToBits(value), $"SingleToBits({value:R})");
                Assert.AreEqual(BitConverter.SingleToInt32Bits(value), BitConverter.SingleToInt32Bits(LittleEndian.BitsToSingle(pattern)), $"BitsToSingle(0x{pattern:X8})");
            }
        }
    }
}
