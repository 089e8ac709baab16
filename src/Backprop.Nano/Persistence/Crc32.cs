namespace Backprop.Nano
{
    /// <summary>CRC-32 (IEEE 802.3, the zip/PNG polynomial 0xEDB88320, reflected), table-driven.</summary>
    public static class Crc32
    {
        private static readonly uint[] Table = BuildTable();

        /// <summary>The CRC of data[offset, offset + count); "123456789" gives 0xCBF43926.</summary>
        public static uint Compute(byte[] data, int offset, int count)
        {
            uint crc = 0xFFFFFFFFu;
            uint[] table = Table;
            int end = offset + count;
            for (int k = offset; k < end; k++)
            {
                crc = table[(crc ^ data[k]) & 0xFF] ^ (crc >> 8);
            }
            return ~crc;
        }

        private static uint[] BuildTable()
        {
            var table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int bit = 0; bit < 8; bit++)
                {
                    c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                }
                table[n] = c;
            }
            return table;
        }
    }
}
