using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// The rules for every file bpnano writes (--save, --csv, --png): checked before a run starts, so that neither a typo
    /// nor an unwritable directory costs the run, and so that no file is replaced unless the user said --force or the
    /// command owns it (--resume X --save X, monitor appending to its own CSV).
    /// </summary>
    internal static class OutputFile
    {
        private static int _temporaryCount;

        /// <summary>
        /// Checks that <paramref name="option"/> may write <paramref name="path"/>: a regular file or none, in a directory
        /// that exists and can be written; an existing non-empty file only when <paramref name="mayReplace"/>. True when
        /// the file exists and is not empty.
        /// </summary>
        /// <exception cref="CliException">the file must not or cannot be written; the message says why and what to do.</exception>
        public static bool Check(string path, string option, bool mayReplace)
        {
            try
            {
                string full = Path.GetFullPath(path), directory = Path.GetDirectoryName(full);
                if (Directory.Exists(path)) throw new CliException(option + ": " + path + " is a directory.");
                if (directory != null && !Directory.Exists(directory)) throw new CliException(option + ": the directory " + directory + " does not exist.");
                // A save renames a new file over the old one: onto /dev/ttyUSB0 or /dev/null that would replace the device node.
                if (File.Exists(path) && !IsRegularFile(full)) throw new CliException(option + ": " + path + " is a device or other special file, not a file to save to.");
                bool exists = File.Exists(path) && new FileInfo(path).Length > 0;
                if (exists && !mayReplace) throw new CliException(option + ": " + path + " already exists; add --force to replace it.");
                // Found now rather than after an hour of training: a directory that cannot take the file (read-only, /proc, full).
                string probe = TemporaryPath(full);
                using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
                return exists;
            }
            catch (Exception e) when (IsFileError(e))
            {
                throw new CliException(option + ": cannot write " + path + ": " + e.Message, e);
            }
        }

        /// <summary>
        /// A new name next to <paramref name="path"/> for a file that is renamed onto it: on the same file system, so that the
        /// rename is atomic, and unique per process and per call, so that two runs (or two threads) never share one.
        /// </summary>
        public static string TemporaryPath(string path) =>
            path + "." + Environment.ProcessId + "-" + Interlocked.Increment(ref _temporaryCount) + ".tmp";

        /// <summary>The exceptions that mean "this path cannot be used" (bad name, missing, locked, no permission) rather than a bug.</summary>
        public static bool IsFileError(Exception e) => e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException;

        // .NET reports a device as a normal file (FileAttributes has no bit for it), so ask the kernel. statx's layout is the
        // same on every Linux architecture; elsewhere, /dev is where the special files are.
        private static bool IsRegularFile(string path)
        {
            if (!OperatingSystem.IsLinux()) return !path.StartsWith("/dev/", StringComparison.Ordinal) && !path.StartsWith(@"\\.\", StringComparison.Ordinal);
            var buffer = new byte[256];
            const int CurrentDirectory = -100, TypeMask = 1, ModeOffset = 28, FileTypeBits = 0xF000, RegularFile = 0x8000;
            if (statx(CurrentDirectory, path, 0, TypeMask, buffer) != 0) return true;
            return (BitConverter.ToUInt16(buffer, ModeOffset) & FileTypeBits) == RegularFile;
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int statx(int directory, string path, int flags, uint mask, byte[] buffer);
    }
}
