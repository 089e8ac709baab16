using System.IO;

namespace Backprop.Nano.Firmware
{
    /// <summary>
    /// The two checkpoint slots as two files on the ESP32's internal flash (drive I:, LittleFS).
    /// Each save recreates one file; CheckpointStore keeps the other one intact until the new one is complete.
    /// </summary>
    public sealed class FlashCheckpointStorage : ICheckpointStorage
    {
        private readonly string[] _paths;

        /// <summary>Slot files <paramref name="directory"/>\bpnano-a.bin and \bpnano-b.bin, e.g. "I:".</summary>
        public FlashCheckpointStorage(string directory)
        {
            _paths = new string[] { directory + "\\bpnano-a.bin", directory + "\\bpnano-b.bin" };
        }

        /// <summary>The file of slot 0 (A) or 1 (B).</summary>
        public string PathOf(int slot)
        {
            return _paths[slot];
        }

        /// <inheritdoc />
        public int Read(int slot, byte[] buffer)
        {
            if (!File.Exists(_paths[slot])) return 0;
            using (FileStream stream = new FileStream(_paths[slot], FileMode.Open, FileAccess.Read))
            {
                int total = 0;
                int read;
                while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
                {
                    total += read;
                }
                return total;
            }
        }

        /// <inheritdoc />
        public void Write(int slot, byte[] buffer, int count)
        {
            using (FileStream stream = new FileStream(_paths[slot], FileMode.Create, FileAccess.Write))
            {
                stream.Write(buffer, 0, count);
                stream.Flush();
            }
        }
    }
}
